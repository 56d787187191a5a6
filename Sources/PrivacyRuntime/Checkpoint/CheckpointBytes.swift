/// The little binary writer of checkpoints: LEB128 varints (zigzag for signed values) and length-prefixed bytes.
struct CheckpointWriter {
    /// What was written so far.
    private(set) var bytes: [UInt8] = []

    /// Appends an unsigned varint.
    mutating func unsigned(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Appends a signed varint (zigzag).
    mutating func signed(_ value: Int64) {
        unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Appends an optional signed value: a presence byte, then the value.
    mutating func optional(_ value: Int64?) {
        bytes.append(value == nil ? 0 : 1)
        if let value { signed(value) }
    }

    /// Appends a length-prefixed byte string.
    mutating func data(_ value: some Collection<UInt8>) {
        unsigned(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Appends a length-prefixed UTF-8 string.
    mutating func string(_ value: String) {
        data(Array(value.utf8))
    }

    /// Appends raw bytes.
    mutating func raw(_ value: some Sequence<UInt8>) {
        bytes.append(contentsOf: value)
    }
}

/// Reads what `CheckpointWriter` wrote; every read past the end or malformed throws `CheckpointError.malformed`.
struct CheckpointReader {
    private let bytes: [UInt8]
    private var offset = 0

    /// A reader at the start of `bytes`.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Whether every byte was read.
    var isAtEnd: Bool { offset == bytes.count }

    /// An unsigned varint.
    mutating func unsigned() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw CheckpointError.malformed("a number runs past its end") }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// An unsigned varint that must fit `Int` and be at most `limit` (a count or a length).
    mutating func count(limit: Int = Int(Int32.max)) throws -> Int {
        let value = try unsigned()
        guard value <= UInt64(limit) else { throw CheckpointError.malformed("a count of \(value) exceeds \(limit)") }
        return Int(value)
    }

    /// A signed varint (zigzag).
    mutating func signed() throws -> Int64 {
        let value = try unsigned()
        return Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    /// An optional signed value.
    mutating func optional() throws -> Int64? {
        try raw(1)[0] == 0 ? nil : signed()
    }

    /// A length-prefixed byte string.
    mutating func data() throws -> [UInt8] {
        try raw(count(limit: bytes.count - offset))
    }

    /// A length-prefixed UTF-8 string.
    mutating func string() throws -> String {
        let data = try data()
        guard let text = String(validating: data, as: UTF8.self) else { throw CheckpointError.malformed("a name is not UTF-8") }
        return text
    }

    /// The next `count` bytes.
    mutating func raw(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= bytes.count - offset else { throw CheckpointError.malformed("it ends early") }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }
}
