/// Reads decimal numbers from their written text exactly (no floating point) for `readings:`.
enum ExactDecimal {
    /// The most decimal places a resolution may have (a nanowatt-hour).
    static let maxDecimalPlaces = 9

    /// 10^places.
    static func power(of places: Int) -> Int64 {
        (0..<places).reduce(1) { result, _ in result * 10 }
    }

    /// Decimal places of a resolution written as 1, 0.1, 0.01, ...
    static func resolution(_ node: YAMLNode) throws(Diagnostic) -> Int {
        let text = try node.decodeString(for: "resolution")
        if text == "1" { return 0 }
        let zeros = text.dropFirst(2).dropLast()
        guard text.hasPrefix("0."), text.hasSuffix("1"), zeros.allSatisfy({ $0 == "0" }),
              zeros.count + 1 <= maxDecimalPlaces else {
            throw .error("invalid resolution '\(node.scalar?.displayText ?? text)' (expected 1, 0.1, 0.01, ... down to 0.000000001: the Wh in one integer unit)", at: node.location)
        }
        return zeros.count + 1
    }

    /// A value in Wh such as `-12.5`, as an integer count of units with `decimalPlaces`.
    static func units(_ node: YAMLNode, key: String, decimalPlaces: Int) throws(Diagnostic) -> Int64 {
        let text = try node.decodeString(for: key)
        let shown = node.scalar?.displayText ?? text
        let negative = text.hasPrefix("-")
        let body = negative || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else {
            throw .error("invalid number '\(shown)' for '\(key)' (expected a decimal number of Wh, e.g. 0 or 1500.5)", at: node.location)
        }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= decimalPlaces else {
            throw .error("'\(key)' \(shown) has more decimal places than the resolution allows (\(decimalPlaces))", at: node.location)
        }
        let digits = parts[0] + fraction + String(repeating: "0", count: decimalPlaces - fraction.count)
        guard digits.count <= 18, let magnitude = Int64(digits) else {
            throw .error("'\(key)' \(shown) is out of range", at: node.location)
        }
        return negative ? -magnitude : magnitude
    }
}
