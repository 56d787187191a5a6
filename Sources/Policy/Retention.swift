/// How long data is kept (`retention:`).
public struct Retention: Sendable, Hashable {
    /// How long rejects files are kept when a policy does not say (`retention.rejected`): 7 days.
    public static let defaultRejected = PolicyDuration(seconds: 7 * 86_400)

    /// Aggregates older than this are deleted from sinks that can delete; nil keeps them until deleted by hand.
    public let aggregates: PolicyDuration?
    /// Rejected-readings files older than this are deleted (`defaultRejected` unless the policy says otherwise).
    public let rejected: PolicyDuration

    /// Creates retention rules.
    public init(aggregates: PolicyDuration? = nil, rejected: PolicyDuration? = nil) {
        self.aggregates = aggregates
        self.rejected = rejected ?? Self.defaultRejected
    }
}
