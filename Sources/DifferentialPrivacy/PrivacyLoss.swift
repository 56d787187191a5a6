import Foundation

/// What a meter's data loses over time when every window of a policy spends the same budget: the window's
/// epsilon (and rho for the Gaussian) and its totals per day and per year under the stated composition.
public struct PrivacyLoss: Sendable, Equatable {
    /// Epsilon per window, summed over the quantities released (sum, counts).
    public let epsilonPerWindow: Double
    /// Total rho per window when every quantity uses the Gaussian; nil otherwise.
    public let rhoPerWindow: Double?
    /// Delta the Gaussian's totals are stated at; nil for Laplace.
    public let delta: Double?
    /// Windows a meter contributes to per day (86,400 s / window length, at least 1).
    public let windowsPerDay: Int

    /// Loss of `calibrations` (one per quantity released each window) for windows of `windowSeconds`.
    public init(calibrations: [NoiseCalibration], windowSeconds: Int64) {
        epsilonPerWindow = calibrations.reduce(0) { $0 + $1.epsilon.doubleValue }
        let rhos = calibrations.map(\.rho)
        rhoPerWindow = rhos.allSatisfy { $0 != nil } && !rhos.isEmpty ? rhos.reduce(0) { $0 + $1! } : nil
        delta = calibrations.compactMap { calibration -> Double? in
            if case .discreteGaussian(let delta) = calibration.mechanism { return delta.doubleValue }
            return nil
        }.max()
        windowsPerDay = max(1, Int(86_400 / max(windowSeconds, 1)))
    }

    /// The composition rule the totals use, in words.
    public var compositionRule: String {
        rhoPerWindow == nil ? "basic composition (epsilons add up)" : "zero-concentrated DP (rho adds up), stated as (epsilon, delta) at the policy's delta"
    }

    /// Epsilon over `windows` windows: basic composition for Laplace; for the Gaussian, rho·windows turned
    /// into epsilon at `delta` (ε = ρ + 2√(ρ ln(1/δ))).
    public func epsilon(overWindows windows: Int) -> Double {
        guard let rhoPerWindow, let delta else { return epsilonPerWindow * Double(windows) }
        let rho = rhoPerWindow * Double(windows)
        return rho + 2 * (rho * log(1 / delta)).squareRoot()
    }

    /// Epsilon per meter per day.
    public var epsilonPerDay: Double { epsilon(overWindows: windowsPerDay) }
    /// Epsilon per meter per (365-day) year.
    public var epsilonPerYear: Double { epsilon(overWindows: windowsPerDay * 365) }
}
