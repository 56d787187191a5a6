/// A length of time written as an integer and a unit: `30s`, `15m`, `2h`, `400d`.
///
/// Months and years are not units (their length varies); bare numbers and fractions are refused
/// so that no one has to guess what `90` means.
public struct PolicyDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The length in seconds.
    public let seconds: Int64
    /// The text as written (e.g. `2h`), for messages and summaries.
    public let text: String

    private static let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400]

    /// Parses `text`, returning nil when it is not an integer followed by s, m, h or d.
    public init?(_ text: String) {
        guard let unit = text.last, let factor = Self.units[unit] else { return nil }
        let digits = text.dropLast()
        guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let count = Int64(digits) else { return nil }
        self.seconds = count * factor
        self.text = text
    }

    /// A duration of `seconds`, written in the largest unit that divides it.
    public init(seconds: Int64) {
        self.seconds = seconds
        if seconds != 0, seconds % 86400 == 0 {
            text = "\(seconds / 86400)d"
        } else if seconds != 0, seconds % 3600 == 0 {
            text = "\(seconds / 3600)h"
        } else if seconds != 0, seconds % 60 == 0 {
            text = "\(seconds / 60)m"
        } else {
            text = "\(seconds)s"
        }
    }

    /// Why `text` is not a duration, in words that say how to write one.
    static func problem(with text: String, for key: String) -> String {
        let example = "an integer and a unit s, m, h or d, e.g. 15m, 2h, 30d"
        let head = "invalid duration '\(text)' for '\(key)'"
        if text.hasSuffix("M") || text.lowercased().hasSuffix("mo") || text.lowercased().hasSuffix("y") {
            return "\(head) (months and years vary in length; write days, e.g. 30d or 365d)"
        }
        if !text.isEmpty, text.allSatisfy({ $0.isNumber }) {
            return "\(head) (a duration needs a unit: \(example))"
        }
        return "\(head) (expected \(example))"
    }

    /// Orders by length.
    public static func < (lhs: PolicyDuration, rhs: PolicyDuration) -> Bool { lhs.seconds < rhs.seconds }

    /// The text as written.
    public var description: String { text }
}
