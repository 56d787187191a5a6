/// How a partitioned deployment divides its regions: `count` partitions by the jump hash of `ShardAssignment`,
/// each held by one instance at a time through a lease.
public struct PartitionPlan: Sendable, Hashable {
    /// Number of partitions (P); region r belongs to `ShardAssignment.shard(of: r, count: P)`.
    public var count: Int
    /// Most partitions one instance holds. An instance with fewer claims free partitions; one that holds this many
    /// is busy, and one that holds none is a standby.
    public var maxHeld: Int
    /// How long a lease lives without renewal (the bucket's TTL): the longest a partition stays without a holder
    /// after its holder stopped.
    public var ttl: Duration
    /// How often a holder renews (and an instance with spare capacity looks for free partitions): a third of the TTL.
    public var renewInterval: Duration { ttl / 3 }
    /// How long a claim counts as valid after its last successful renewal was sent: the TTL less a fifth, so the holder
    /// stops writing before the store could let another instance claim the partition.
    public var validity: Duration { ttl * 4 / 5 }

    /// Creates a plan; `maxHeld` defaults to all partitions.
    public init(count: Int, maxHeld: Int? = nil, ttl: Duration) {
        self.count = count
        self.maxHeld = maxHeld ?? count
        self.ttl = ttl
    }
}
