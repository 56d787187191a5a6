import Foundation

/// How noise figures are written in the purge log and `check`: epsilons with four significant digits.
public enum NoiseText {
    /// `value` with up to four significant digits, whole numbers from 1,000 on: 0.8, 19.2, 7008, 15000.
    public static func number(_ value: Double) -> String {
        abs(value) >= 1000 ? String(format: "%.0f", value) : String(format: "%.4g", value)
    }
}
