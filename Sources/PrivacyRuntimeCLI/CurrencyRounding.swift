import Paillier

/// Rounds an exact bill to its currency's minor unit, once, at decryption: half to even (banker's rounding,
/// IEEE 754's default and DIN 1333's rule for money), so that rounding over many bills has no bias.
enum CurrencyRounding {
    /// ISO 4217 minor units of the currencies whose minor unit is not 2.
    private static let minorUnits: [String: Int] = [
        "JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "PYG": 0, "UGX": 0, "XAF": 0, "XOF": 0,
        "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    ]

    /// Decimal places of `currency`'s minor unit (2 unless listed).
    static func minorUnit(of currency: String) -> Int { minorUnits[currency] ?? 2 }

    /// `units` (10^-places of the currency) rounded half to even to `minorPlaces`, in minor units.
    static func round(_ units: BigInteger, places: Int, minorPlaces: Int) -> BigInteger {
        guard places > minorPlaces else {
            var scaled = units
            for _ in 0..<(minorPlaces - places) { scaled = scaled * BigInteger(10) }
            return scaled
        }
        var divisor = BigInteger(1)
        for _ in 0..<(places - minorPlaces) { divisor = divisor * BigInteger(10) }
        let quotient = units.floorDivided(by: divisor)          // toward negative infinity
        let remainder = units - quotient * divisor             // 0 ≤ remainder < divisor
        let twice = remainder * BigInteger(2)
        if twice > divisor || (twice == divisor && !isEven(quotient)) { return quotient + BigInteger(1) }
        return quotient
    }

    private static func isEven(_ value: BigInteger) -> Bool {
        let text = value.description
        return "02468".contains(text.last!)
    }
}
