import Foundation

/// One measurement: a key size, an operation name and its value (operations per second, or
/// seconds for names ending in `_seconds`).
struct BenchResult {
    let bits: Int
    let operation: String
    let value: Double

    /// The measurement as one JSON object, the format benchmarks/compare-paillier.sh reads.
    var jsonLine: String {
        "{\"implementation\":\"swift\",\"bits\":\(bits),\"operation\":\"\(operation)\",\"value\":\(String(format: "%.3f", value))}"
    }

    /// A plain-text table of `results`.
    static func table(_ results: [BenchResult], cores: Int) -> String {
        var lines = ["paillier-bench (\(cores) cores)", "operation".padding(26) + "bits".padding(7) + "value"]
        for result in results {
            let unit = result.operation.hasSuffix("_seconds") ? "s" : "ops/s"
            lines.append(result.operation.padding(26) + String(result.bits).padding(7) + String(format: result.operation.hasSuffix("_seconds") ? "%.3f " : "%.1f ", result.value) + unit)
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
