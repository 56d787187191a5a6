import Policy

/// What one policy did in a run.
public struct PolicySummary: Sendable, Hashable {
    /// The policy's name.
    public var policy: String
    /// Readings folded into windows.
    public var accepted = 0
    /// Rejected readings per reason.
    public var rejected: [RejectReason: Int] = [:]
    /// Windows sealed and written to the sinks.
    public var windowsReleased = 0
    /// Windows below `min_meters` or `readings.min_coverage`, dropped (recorded in the purge log).
    public var windowsSuppressed = 0
    /// Of those, household windows whose readings covered less than `readings.min_coverage` of their intervals.
    public var windowsBelowCoverage = 0
    /// Windows open at shutdown and dropped (`on_shutdown: discard`).
    public var windowsDiscarded = 0
    /// Windows open now (0 once a run has ended).
    public var openWindows = 0
    /// Windows a restart may have left partial (among the suppressed ones, or released marked incomplete).
    public var windowsIncomplete = 0
    /// What was done with them (`release.incomplete`).
    public var incompleteAction = IncompleteWindowAction.suppress

    /// An empty summary for `policy`.
    public init(policy: String) {
        self.policy = policy
    }

    /// All rejected readings.
    public var rejectedTotal: Int { rejected.values.reduce(0, +) }

    /// `billing: 1200 accepted, 3 rejected (late 1, malformed 2); 100 windows released, 0 suppressed`.
    public var line: String {
        let reasons = RejectReason.allCases.compactMap { reason in rejected[reason].map { "\(reason.rawValue) \($0)" } }
        let rejectedText = reasons.isEmpty ? "0 rejected" : "\(rejectedTotal) rejected (\(reasons.joined(separator: ", ")))"
        let discarded = windowsDiscarded > 0 ? ", \(windowsDiscarded) discarded at shutdown" : ""
        let coverage = windowsBelowCoverage > 0 ? " (\(windowsBelowCoverage) below min_coverage)" : ""
        let incomplete = windowsIncomplete == 0 ? ""
            : ", \(windowsIncomplete) incomplete after a restart (\(incompleteAction == .mark ? "released marked" : "suppressed"))"
        return "\(policy): \(accepted) accepted, \(rejectedText); \(windowsReleased) windows released, \(windowsSuppressed) suppressed\(coverage)\(discarded)\(incomplete)"
    }
}
