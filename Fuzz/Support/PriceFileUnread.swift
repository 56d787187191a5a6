import Foundation

/// PolicyLoaderFuzz's stand-in for `Sources/Policy/Tariff/PriceFile.swift`, which hashes with swift-crypto and so
/// cannot be compiled by `swiftc` alone. The target fuzzes the YAML and its decoding, not price files: every price
/// file a fuzzed policy names is refused, as a missing one would be.
enum PriceFile {
    /// Always a refusal: price files are not read while fuzzing.
    static func read(_ url: URL, expectedSHA256: String) -> Result<(interval: Int64, prices: [Int64: ExactDecimal]), PriceFileProblem> {
        .failure(.init("cannot read price file '\(url.path)' (price files are not read while fuzzing)"))
    }
}
