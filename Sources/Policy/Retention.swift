/// How long data is kept (`retention:`); nil means the runtime deletes nothing.
public struct Retention: Sendable, Hashable {
    /// Aggregates older than this are deleted from sinks that can delete.
    public let aggregates: PolicyDuration?
    /// Rejected-readings files older than this are deleted.
    public let rejected: PolicyDuration?

    /// Creates retention rules.
    public init(aggregates: PolicyDuration? = nil, rejected: PolicyDuration? = nil) {
        self.aggregates = aggregates
        self.rejected = rejected
    }
}
