/// Where partition leases live: a key-value store with compare-and-set and a time to live (a NATS JetStream
/// key-value bucket in the `nats` plugin). Calls may block on the network; the runtime makes them off the
/// cooperative thread pool.
public protocol PartitionLeaseStore: Sendable {
    /// How many partitions, how many one instance holds, how long a lease lives and how often it is renewed.
    var plan: PartitionPlan { get }
    /// The name revisions count in (the bucket), the `scope` of the tokens this store gives out.
    var scope: String { get }
    /// Claims `partition` for `holder` if nobody holds it (create-if-absent); returns the new entry's revision, the
    /// fencing token, or nil when another holder has it.
    func claim(partition: Int, holder: String) throws -> UInt64?
    /// Renews the claim whose latest revision is `lastRevision` (update with that expected revision); returns the
    /// new latest revision, or nil when the lease expired or another holder claimed it since. Throws when the store
    /// cannot be reached (the claim stays valid until its deadline).
    func renew(partition: Int, holder: String, lastRevision: UInt64) throws -> UInt64?
    /// Gives up a claim at the end of a run, so another instance can take the partition without waiting for the TTL;
    /// does nothing if the lease changed since `lastRevision`.
    func release(partition: Int, lastRevision: UInt64)
}
