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
}
