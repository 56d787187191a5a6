import Logging
import Policy

/// What a stage builder gets besides its options: the policy it serves, a logger and the run's shard.
public struct StageContext: Sendable {
    /// The policy the stage is built for.
    public let policy: Policy
    /// A logger labelled for the policy.
    public let logger: Logger
    /// The shard this instance owns (`privacy-runtime run --shard K/N`), nil when unsharded; a source that can
    /// subscribe to its own regions only (a `ShardAwareSource`) reads it.
    public let shard: ShardAssignment?

    /// Creates a context.
    public init(policy: Policy, logger: Logger, shard: ShardAssignment? = nil) {
        self.policy = policy
        self.logger = logger
        self.shard = shard
    }
}
