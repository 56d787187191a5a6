import Logging
import Policy
import RuntimeKeys

/// What a stage builder gets besides its options: the policy it serves, a logger, the run's shard and the
/// runtime key.
public struct StageContext: Sendable {
    /// The policy the stage is built for.
    public let policy: Policy
    /// A logger labelled for the policy.
    public let logger: Logger
    /// The shard this instance owns (`privacy-runtime run --shard K/N`), nil when unsharded; a source that can
    /// subscribe to its own regions only (a `ShardAwareSource`) reads it.
    public let shard: ShardAssignment?
    /// The runtime operator's key named by the policy's `runtime_key:`; nil when the policy names none.
    public let runtimeKey: RuntimeKey?

    /// Creates a context.
    public init(policy: Policy, logger: Logger, shard: ShardAssignment? = nil, runtimeKey: RuntimeKey? = nil) {
        self.policy = policy
        self.logger = logger
        self.shard = shard
        self.runtimeKey = runtimeKey
    }
}
