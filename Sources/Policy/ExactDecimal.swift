/// A decimal number kept exactly as written (`12.345` is 12345 × 10⁻³), never through binary floating point.
public struct ExactDecimal: Sendable, Hashable, CustomStringConvertible {
    /// The digits as an integer, with the sign: `-12.345` has significand -12345.
    public let significand: Int64
    /// How many of the digits are after the decimal point: `12.345` has scale 3.
    public let scale: Int

    /// Creates `significand × 10^-scale`, dropping trailing fraction zeros (`12340 × 10⁻³` becomes `1234 × 10⁻²`).
    public init(significand: Int64, scale: Int) {
        var significand = significand
        var scale = scale
        while scale > 0, significand % 10 == 0 {
            significand /= 10
            scale -= 1
        }
        self.significand = significand
        self.scale = scale
    }

    /// Parses `[+-]digits[.digits]` (no exponent, no spaces inside); nil for anything else or more than 18 digits.
    /// Trailing zeros after the point are dropped, so `1.500` has the same scale as `1.5`. The digits are read in
    /// one pass into the result, with no buffer: a number with too many digits is refused at its 19th.
    public init?(_ text: some StringProtocol) {
        var utf8 = Substring(text).utf8[...]
        var negative = false
        if let first = utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        var value: Int64 = 0
        var intDigits = 0           // as written, leading zeros included
        var significantInt = 0      // after leading zeros
        var fractionDigits = 0      // as written, trailing zeros included
        var keptFraction = 0        // up to the last non-zero fraction digit
        var seenPoint = false
        for byte in utf8 {
            if byte == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int64(byte - UInt8(ascii: "0"))
            if !seenPoint {
                intDigits += 1
                if significantInt == 0 && digit == 0 { continue }
                significantInt += 1
                guard significantInt <= Self.maxDigits else { return nil }
                value = value * 10 + digit
            } else {
                fractionDigits += 1
                guard digit != 0 else { continue }
                let shift = fractionDigits - keptFraction
                guard max(significantInt, 1) + fractionDigits <= Self.maxDigits else { return nil }
                for _ in 1..<shift { value *= 10 }
                value = value * 10 + digit
                keptFraction = fractionDigits
            }
        }
        if intDigits == 0 || (seenPoint && fractionDigits == 0) { return nil }
        self.init(significand: negative ? -value : value, scale: keptFraction)
    }

    /// The most digits a number may have: any 18-digit integer fits in Int64.
    static let maxDigits = 18

    /// The value in units of `10^-decimalPlaces` (`12.345` with 3 places is 12345), or nil if it has more
    /// fraction digits than `decimalPlaces` or does not fit in Int64.
    public func units(decimalPlaces: Int) -> Int64? {
        guard scale <= decimalPlaces else { return nil }
        var result = significand
        for _ in 0..<(decimalPlaces - scale) {
            let (product, overflow) = result.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            result = product
        }
        return result
    }

    /// The number as written in plain decimal notation, e.g. `-12.345`.
    public var description: String {
        if scale == 0 { return String(significand) }
        let magnitude = String(significand.magnitude)
        let padded = String(repeating: "0", count: max(0, scale + 1 - magnitude.count)) + magnitude
        let point = padded.index(padded.endIndex, offsetBy: -scale)
        return (significand < 0 ? "-" : "") + padded[..<point] + "." + padded[point...]
    }
}
