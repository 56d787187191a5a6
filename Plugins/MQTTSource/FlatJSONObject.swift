import Foundation

/// A JSON object of scalar values, as meters send them. Numbers keep their exact text, so an energy
/// value is never rounded through binary floating point before the policy's resolution applies.
struct FlatJSONObject: Equatable {
    /// One member's value.
    enum Value: Equatable {
        case string(String)
        /// The number exactly as written.
        case number(String)
        case bool(Bool)
        case null
    }

    /// The members by name.
    private(set) var members: [String: Value] = [:]

    /// Parses `{"name": value, ...}` with string, number, boolean or null values; nested objects and
    /// arrays are refused. The error message says what was wrong at which byte offset.
    init(parsing bytes: [UInt8]) throws(FlatJSONError) {
        var scanner = Scanner(bytes: bytes)
        try scanner.expect(UInt8(ascii: "{"))
        scanner.skipSpace()
        if scanner.peek() == UInt8(ascii: "}") {
            scanner.index += 1
        } else {
            while true {
                let name = try scanner.string()
                try scanner.expect(UInt8(ascii: ":"))
                members[name] = try scanner.value()
                scanner.skipSpace()
                guard let next = scanner.next() else { throw scanner.error("unterminated object") }
                if next == UInt8(ascii: "}") { break }
                guard next == UInt8(ascii: ",") else { throw scanner.error("expected ',' or '}'", back: 1) }
            }
        }
        scanner.skipSpace()
        guard scanner.index == bytes.count else { throw scanner.error("unexpected data after the object") }
    }

    /// The value of member `name`, if present.
    subscript(name: String) -> Value? { members[name] }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func next() -> UInt8? {
            defer { index += 1 }
            return peek()
        }

        mutating func skipSpace() {
            while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        func error(_ message: String, back: Int = 0) -> FlatJSONError {
            FlatJSONError(message: message, offset: max(0, index - back))
        }

        mutating func expect(_ byte: UInt8) throws(FlatJSONError) {
            skipSpace()
            guard next() == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))'", back: 1) }
        }

        mutating func value() throws(FlatJSONError) -> Value {
            skipSpace()
            switch peek() {
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "{"), UInt8(ascii: "["): throw error("nested objects and arrays are not supported")
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: return .number(try number())
            }
        }

        mutating func literal(_ word: String) throws(FlatJSONError) {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw error("invalid value")
            }
            index += expected.count
        }

        mutating func number() throws(FlatJSONError) -> String {
            let start = index
            let allowed = Set("+-0123456789.eE".utf8)
            while let byte = peek(), allowed.contains(byte) { index += 1 }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard text.range(of: #"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$"#, options: .regularExpression) != nil else {
                index = start
                throw error(text.isEmpty ? "invalid value" : "invalid number '\(text)'")
            }
            return text
        }

        mutating func string() throws(FlatJSONError) -> String {
            skipSpace()
            guard next() == UInt8(ascii: "\"") else { throw error("expected a string", back: 1) }
            var out: [UInt8] = []
            while let byte = next() {
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let escaped = next() else { break }
                    switch escaped {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard index + 4 <= bytes.count,
                              let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
                              let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                        index += 4
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: out.append(escaped)
                    }
                default:
                    out.append(byte)
                }
            }
            throw error("unterminated string")
        }
    }
}
