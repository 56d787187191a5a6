/// A minimal reader for one flat JSON object per line that keeps numbers as their exact text.
///
/// Foundation's JSON decoding turns numbers into `Double`, which would lose exactness of readings;
/// this reader returns each top-level member's scalar as written (strings unescaped). Nested
/// objects and arrays are skipped over (their members are not needed).
enum FlatJSONObject {
    /// Why a line is not a JSON object.
    struct Failure: Error {
        /// 1-based column of the problem.
        let column: Int
        /// What is wrong.
        let message: String
    }

    /// Returns the top-level members whose values are strings or numbers (other values map to nil).
    static func parse(_ line: String) throws(Failure) -> [String: String?] {
        var scanner = Scanner(bytes: Array(line.utf8))
        return try scanner.object()
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        mutating func fail(_ message: String) -> Failure { Failure(column: index + 1, message: message) }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0D, 0x0A].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { throw fail("expected \(what)") }
            index += 1
        }

        mutating func object() throws(Failure) -> [String: String?] {
            try expect(UInt8(ascii: "{"), "'{' (each line must be a JSON object)")
            var members: [String: String?] = [:]
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
            } else {
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                    let key = try string()
                    try expect(UInt8(ascii: ":"), "':'")
                    members[key] = try value()
                    skipSpace()
                    guard index < bytes.count else { throw fail("unterminated object") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; break }
                    throw fail("expected ',' or '}'")
                }
            }
            skipSpace()
            guard index == bytes.count else { throw fail("unexpected text after the object") }
            return members
        }

        /// A scalar's text (strings unescaped, numbers as written), or nil for null/true/false/nested values.
        mutating func value() throws(Failure) -> String? {
            skipSpace()
            guard index < bytes.count else { throw fail("expected a value") }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                return try string()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = index
                while index < bytes.count, "+-.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
                return String(decoding: bytes[start..<index], as: UTF8.self)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                try skipNested()
                return nil
            default:
                for literal in ["true", "false", "null"] where bytes[index...].starts(with: literal.utf8) {
                    index += literal.utf8.count
                    return nil
                }
                throw fail("expected a value")
            }
        }

        mutating func skipNested() throws(Failure) {
            var depth = 0
            repeat {
                guard index < bytes.count else { throw fail("unterminated nested value") }
                switch bytes[index] {
                case UInt8(ascii: "\""): _ = try string(); continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                index += 1
            } while depth > 0
        }

        mutating func string() throws(Failure) -> String {
            index += 1
            var out: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
                if byte != UInt8(ascii: "\\") { out.append(byte); continue }
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count,
                          let code = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(code)
                    else { throw fail("bad \\u escape") }
                    index += 4
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                default: throw fail("bad escape in string")
                }
            }
            throw fail("unterminated string")
        }
    }
}
