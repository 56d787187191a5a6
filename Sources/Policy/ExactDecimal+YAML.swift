extension ExactDecimal {
    /// The most decimal places a resolution may have (a nanowatt-hour).
    static let maxDecimalPlaces = 9

    /// 10^places.
    static func power(of places: Int) -> Int64 {
        (0..<places).reduce(1) { result, _ in result * 10 }
    }

    /// Decimal places of a resolution written as 1, 0.1, 0.01, ...
    static func resolution(_ node: YAMLNode) throws(Diagnostic) -> Int {
        let text = try node.decodeString(for: "resolution")
        guard let decimal = ExactDecimal(text), decimal.significand == 1, decimal.scale <= maxDecimalPlaces,
              !text.hasPrefix("+"), !text.hasPrefix("-") else {
            throw .error("invalid resolution '\(node.scalar?.displayText ?? text)' (expected 1, 0.1, 0.01, ... down to 0.000000001: the Wh in one integer unit)", at: node.location)
        }
        return decimal.scale
    }

    /// A value in Wh such as `-12.5`, as an integer count of units with `decimalPlaces`.
    static func units(_ node: YAMLNode, key: String, decimalPlaces: Int) throws(Diagnostic) -> Int64 {
        let text = try node.decodeString(for: key)
        let shown = node.scalar?.displayText ?? text
        guard let decimal = ExactDecimal(text) else {
            if isPlainDecimal(text) { throw .error("'\(key)' \(shown) is out of range", at: node.location) }
            throw .error("invalid number '\(shown)' for '\(key)' (expected a decimal number of Wh, e.g. 0 or 1500.5)", at: node.location)
        }
        guard decimal.scale <= decimalPlaces else {
            throw .error("'\(key)' \(shown) has more decimal places than the resolution allows (\(decimalPlaces))", at: node.location)
        }
        guard let units = decimal.units(decimalPlaces: decimalPlaces) else {
            throw .error("'\(key)' \(shown) is out of range", at: node.location)
        }
        return units
    }

    /// Whether `text` is written as a plain decimal (`[+-]digits[.digits]`), however long.
    private static func isPlainDecimal(_ text: String) -> Bool {
        let body = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}
