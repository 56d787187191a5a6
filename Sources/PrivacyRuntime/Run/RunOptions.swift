import Foundation
import Logging

/// How a run is carried out (not what: that is the policies).
public struct RunOptions: Sendable {
    /// Records per batch pulled from the source and encrypted together.
    public var batchSize = 1024
    /// Batches buffered between the source and encryption; the source waits when this many are pending.
    public var bufferedBatches = 2
    /// Where the run logs (stage set-up, retention, warnings).
    public var logger = Logger(label: "privacy-runtime")
    /// Called about once a second with the run's state; nil for no progress.
    public var progress: (@Sendable (ProgressSnapshot) -> Void)?
    /// Wall clock in epoch seconds (for retention, rejects and purge log stamps); replaceable in tests.
    public var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    /// The shard this instance owns (`--shard K/N`): sources are filtered to its regions; nil for all.
    public var shard: ShardAssignment?
    /// The partition claim this run writes under (set by `PartitionedRun`): sinks check its token, and write
    /// nothing once it is lost; nil when unpartitioned.
    public var lease: PartitionLease?
    /// The runtime's state directory (`--state-dir`), for every policy; nil: each policy's `release.state_dir`,
    /// else the directory of its rejects files.
    public var stateDirectory: String?
    /// How often retention is enforced during a long run, in seconds (also once at start).
    public var retentionInterval: Int64 = 3600

    /// The defaults.
    public init() {}
}
