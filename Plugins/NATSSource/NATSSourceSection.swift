import Policy
import PrivacyRuntime

/// A `nats` source section's values, read and checked once for both of its factories (source and lease store).
struct NATSSourceSection {
    var connection: NATSConnectionSettings
    var stream: String?
    var subject: String
    var startSequence: Int
    var format: MeterPayloadFormat
    var fetch: Int
    var buffer: Int
    var maxPayload: Int
    var idleTimeout: PolicyDuration?
    var inactive: Int64
    /// The partition options, nil when the source is not partitioned.
    var partitioning: NATSPartitioning?
    /// The checkpoint options, nil when the source keeps no checkpoints.
    var checkpoints: NATSCheckpointPlan?
}

/// A `nats` source's checkpoint options: how often, into which key-value bucket, in chunks of what size.
struct NATSCheckpointPlan {
    var every: PolicyDuration
    var bucket: String
    var chunkBytes: Int
}
