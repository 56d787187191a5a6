import Policy
import PrivacyRuntime

/// The partition options of a `nats` source: `partitions`, `max_partitions`, `lease_bucket`, `lease_ttl`,
/// `lease_replicas`.
struct NATSPartitioning: Sendable {
    /// Partitions, claims per instance and lease TTL.
    var plan: PartitionPlan
    /// The key-value bucket of the leases.
    var bucket: String
    /// Copies of the bucket a new one gets (3 on a cluster, so leases survive the loss of a server).
    var replicas: Int

    /// Reads the options (reporting problems at their keys); nil when `partitions` is absent (and then the other
    /// three must be absent too).
    static func read(_ options: inout StageOptions) -> NATSPartitioning? {
        let count = options.int("partitions", range: 1...4096)
        let maxHeld = options.int("max_partitions", range: 1...4096)
        let bucket = options.string("lease_bucket") ?? "privacy_runtime_leases"
        let ttl = options.duration("lease_ttl", default: PolicyDuration(seconds: 10))!.seconds
        let replicas = options.int("lease_replicas", default: 1, range: 1...5)
        guard let count else {
            for key in ["max_partitions", "lease_bucket", "lease_ttl", "lease_replicas"] where options.contains(key) {
                options.error("\(key) needs partitions: P", at: key)
            }
            return nil
        }
        if bucket.isEmpty || !bucket.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }) {
            options.error("lease_bucket '\(bucket)' is not a bucket name (letters, digits, '_' and '-')", at: "lease_bucket")
        }
        if !(3...300).contains(ttl) { options.error("lease_ttl must be between 3s and 5m", at: "lease_ttl") }
        if let maxHeld, maxHeld > count { options.error("max_partitions (\(maxHeld)) is more than partitions (\(count))", at: "max_partitions") }
        return NATSPartitioning(plan: PartitionPlan(count: count, maxHeld: maxHeld, ttl: .seconds(ttl)), bucket: bucket,
                                replicas: replicas)
    }
}
