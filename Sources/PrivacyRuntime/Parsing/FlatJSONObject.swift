/// A minimal reader for one flat JSON object (a JSON Lines line, a meter's MQTT payload) that keeps
/// numbers as their exact text.
///
/// Foundation's JSON decoding turns numbers into `Double`, which would lose exactness of readings;
/// this reader returns each top-level member's scalar as written (strings unescaped). A top-level member's object
/// is read one level deep (a reading's value encrypted at the meter, `{"v": "…", "e": 0, "key_id": "…"}`); deeper
/// objects and arrays are skipped over (their members are not needed).
public enum FlatJSONObject {
    /// One top-level member's value.
    public enum Value: Sendable, Equatable {
        /// A string, unescaped.
        case string(String)
        /// A number exactly as written.
        case number(String)
        /// `true` or `false`.
        case bool(Bool)
        /// `null`.
        case null
        /// An object that is a top-level member's value: its members, with objects inside it skipped as `nested`.
        /// (Not `indirect`: `Members` keeps its pairs in an array's storage, so no box per object is needed.)
        case object(Members)
        /// An array, or an object inside an object (skipped, not read).
        case nested

        /// The text of a string or a number; nil for other values.
        public var text: String? {
            switch self {
            case .string(let text), .number(let text): text
            default: nil
            }
        }
    }

    /// Why a text is not a JSON object.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// 1-based column (byte) of the problem.
        public let column: Int
        /// What is wrong.
        public let message: String

        /// "column N: message".
        public var description: String { "column \(column): \(message)" }
    }

    /// The top-level members of the object in `line`, in document order (read in place, not copied).
    public static func parse(_ line: String) throws(Failure) -> Members {
        var line = line
        return try line.withUTF8(parse(buffer:)).get()
    }

    /// The top-level members of the object in `bytes` (UTF-8), in document order.
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> Members {
        try bytes.withUnsafeBufferPointer(parse(buffer:)).get()
    }

    private static func parse(buffer: UnsafeBufferPointer<UInt8>) -> Result<Members, Failure> {
        var scanner = Scanner(bytes: buffer)
        do {
            return .success(try scanner.object())
        } catch {
            return .failure(error)
        }
    }

    /// Reads bytes that stay valid for the scanner's life (`parse` holds them).
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func fail(_ message: String) -> Failure { Failure(column: index + 1, message: message) }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0D, 0x0A: index += 1
                default: return
                }
            }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { throw fail("expected \(what)") }
            index += 1
        }

        mutating func object() throws(Failure) -> Members {
            let members = try members(depth: 0)
            skipSpace()
            guard index == bytes.count else { throw fail("unexpected text after the object") }
            return members
        }

        /// The members of the object at `index`, at nesting `depth` (0 for the line's own object).
        mutating func members(depth: Int) throws(Failure) -> Members {
            try expect(UInt8(ascii: "{"), depth == 0 ? "'{' (each line must be a JSON object)" : "'{'")
            var members = Members(minimumCapacity: 8)  // a reading's members without growing the array on the way
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
            } else {
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                    let key = try string()
                    try expect(UInt8(ascii: ":"), "':'")
                    members.append(key, try value(depth: depth))
                    skipSpace()
                    guard index < bytes.count else { throw fail("unterminated object") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; break }
                    throw fail("expected ',' or '}'")
                }
            }
            return members
        }

        /// The next value, a member of an object at `depth`: scalars with their text (strings unescaped, numbers as
        /// written), a top-level member's object read one level deep, other nested values skipped.
        mutating func value(depth: Int) throws(Failure) -> Value {
            skipSpace()
            guard index < bytes.count else { throw fail("expected a value") }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = index
                while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
                return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
            case UInt8(ascii: "{") where depth == 0:
                return .object(try members(depth: 1))
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                try skipNested()
                return .nested
            case UInt8(ascii: "t"):
                return try literal("true", .bool(true))
            case UInt8(ascii: "f"):
                return try literal("false", .bool(false))
            case UInt8(ascii: "n"):
                return try literal("null", .null)
            default:
                throw fail("expected a value")
            }
        }

        /// `value` when the text at `index` is `text` (`true`, `false`, `null`), which it then skips.
        mutating func literal(_ text: String, _ value: Value) throws(Failure) -> Value {
            guard bytes[index...].starts(with: text.utf8) else { throw fail("expected a value") }
            index += text.utf8.count
            return value
        }

        /// A byte a JSON number may contain (its form is checked by whoever reads the text, e.g. `Int64(_:)`).
        static func isNumberByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "e"), UInt8(ascii: "E"): true
            default: false
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
            // Up to the first escape in one step: most strings have none (a ciphertext's 1,233 digits), and then
            // the text is copied once instead of byte by byte into a growing buffer.
            let start = index
            index = bytes.firstIndex(of: UInt8(ascii: "\""), from: start, to: bytes.count) ?? bytes.count
            let backslash = bytes.firstIndex(of: UInt8(ascii: "\\"), from: start, to: index) ?? index
            if backslash == index, index < bytes.count {
                index += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), as: UTF8.self)
            }
            index = backslash
            var out = Array(bytes[start..<index])
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
