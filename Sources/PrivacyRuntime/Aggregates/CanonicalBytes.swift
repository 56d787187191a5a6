/// An unambiguous byte encoding of a sequence of fields, for what is signed or proved: each integer as 8-byte
/// big-endian two's complement, each text as its UTF-8 byte length (so encoded) followed by its UTF-8 bytes.
public struct CanonicalBytes: Sendable {
    /// The bytes so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty encoding.
    public init() {}

    /// Appends `value` as 8 bytes, most significant first.
    public mutating func append(_ value: Int64) {
        bytes += (0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: value) >> (56 - 8 * UInt64($0))) }
    }

    /// Appends `text`'s UTF-8 length, then its UTF-8 bytes.
    public mutating func append(_ text: String) {
        append(Int64(text.utf8.count))
        bytes += Array(text.utf8)
    }

    /// Appends one byte, 1 for true and 0 for false.
    public mutating func append(_ flag: Bool) {
        bytes.append(flag ? 1 : 0)
    }
}
