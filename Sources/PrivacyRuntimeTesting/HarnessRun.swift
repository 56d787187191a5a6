import Policy
import PrivacyRuntime

/// What one `PolicyHarness` run produced: the runtime's summary, the captured aggregates, and the stages the
/// harness put in, so a test can check its own stage against totals it computes itself.
public struct HarnessRun: Sendable {
    /// The policy as loaded (with the harness's `rejects:` default when the text had none).
    public let policy: Policy
    /// The runtime's summary: records read, accepted, rejected per reason, windows released and suppressed.
    public let summary: RunSummary
    /// The `capture` sink of this run (empty when the policy did not list it).
    public let sink: CapturingSink
    /// The `memory` source of this run.
    public let source: InMemorySource

    /// Creates a run result (the harness does this).
    public init(policy: Policy, summary: RunSummary, sink: CapturingSink, source: InMemorySource) {
        self.policy = policy
        self.summary = summary
        self.sink = sink
        self.source = source
    }

    /// The aggregates the `capture` sink received, in arrival order.
    public var aggregates: [WindowAggregate] { sink.aggregates }

    /// The policy's summary (the harness runs one policy).
    public var policySummary: PolicySummary { summary.policies[0] }

    /// Every captured aggregate decrypted with the test key, sorted by scope key and window start.
    public func decrypted() throws -> [DecryptedAggregate] {
        try aggregates.map(DecryptedAggregate.init).sorted { $0.key < $1.key }
    }

    /// The decrypted total of every captured window, in policy units; throws if a window arrived twice.
    public func decryptedTotals() throws -> [WindowKey: Int64] {
        var totals: [WindowKey: Int64] = [:]
        for aggregate in try decrypted() {
            guard totals.updateValue(aggregate.total, forKey: aggregate.key) == nil else {
                throw HarnessError("window \(aggregate.key) was captured more than once")
            }
        }
        return totals
    }
}
