import Logging
import Policy
import RuntimeKeys

/// What a stage builder gets besides its options: the policy it serves, a logger, the run's shard, the
/// runtime key and, when partitioned, the partition claim.
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
    /// The partition claim this run writes under, whose `token` every sink write (and checkpoint write) must carry
    /// and have checked; nil when the run is not partitioned.
    public let lease: PartitionLease?

    /// The claim's fencing token, nil when the run is not partitioned.
    public var fencingToken: FencingToken? { lease?.token }

    /// Creates a context.
    public init(policy: Policy, logger: Logger, shard: ShardAssignment? = nil, runtimeKey: RuntimeKey? = nil,
                lease: PartitionLease? = nil) {
        self.policy = policy
        self.logger = logger
        self.shard = shard
        self.runtimeKey = runtimeKey
        self.lease = lease
    }
}
