import Foundation

/// How noise figures are written in the purge log and `check`: epsilons with four significant digits.
public enum NoiseText {
    /// `value` with up to four significant digits: 0.8, 19.2, 7008.
    public static func number(_ value: Double) -> String {
        String(format: "%.4g", value)
    }
}
