import Foundation
import Policy

/// Why a noisy policy cannot run as written: its budget breaks its own ceiling, or the exact releases of another
/// policy on the same stream would undo its noise.
public struct NoisePlanError: Error, CustomStringConvertible, Sendable {
    private enum Code: Hashable, Sendable { case ceilingExceeded, exactReleasesCancelNoise }
    private let code: Code
    /// The reason, with the policy file's location, in words a person can act on.
    public let description: String

    private init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// The epsilon a meter spends per day exceeds `noise.max_epsilon_per_day`.
    static func ceilingExceeded(policy: String, perDay: Double, ceiling: String, at location: SourceLocation) -> Self {
        Self(.ceilingExceeded, "\(location): error: policy '\(policy)' spends epsilon \(String(format: "%.4g", perDay)) per meter per day, above its noise.max_epsilon_per_day \(ceiling); lower noise.epsilon, lengthen the window or raise the ceiling")
    }

    /// An exact policy on the same stream releases windows that add up to the noisy policy's windows.
    static func exactReleasesCancelNoise(noisy: String, exact: String, at location: SourceLocation) -> Self {
        Self(.exactReleasesCancelNoise, "\(location): error: policy \(noisy) adds noise, but \(exact) releases exact totals of the same readings over windows that tile its windows: their sum is the noisy window's exact total, so the noise protects nothing; give the exact policy a longer window (a multiple of the noisy one that is not equal), noise too, or run it on another stream")
    }
}
