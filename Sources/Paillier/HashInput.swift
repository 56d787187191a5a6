import Crypto

/// Unambiguous hash input: every field is length-prefixed (or fixed width), so no two different field
/// lists hash the same bytes. Used for dealing fingerprints and Fiat–Shamir challenges.
enum HashInput {
    /// Appends a byte string as an 8-byte big-endian length, then the bytes.
    static func append(_ bytes: some Collection<UInt8>, to hash: inout SHA256) {
        append(UInt64(bytes.count), to: &hash)
        hash.update(data: Array(bytes))
    }

    /// Appends a non-negative integer's big-endian magnitude, length-prefixed.
    static func append(_ value: BigInteger, to hash: inout SHA256) {
        append(value.bigEndianMagnitude, to: &hash)
    }

    /// Appends 8 big-endian bytes.
    static func append(_ value: UInt64, to hash: inout SHA256) {
        hash.update(data: (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) })
    }
}
