/// The proof that an instance holds a partition: the partition and the lease's claim revision in its lease bucket.
///
/// A later claim of the same partition always has a higher revision (the bucket's revisions only grow), so a store
/// that remembers the highest token it saw per partition can refuse a write from a holder that lost the partition.
/// The PostgreSQL sink checks it in the transaction of every insert; a checkpoint store checks it by writing with
/// the expected revision, or by comparing with the highest token it stored.
public struct FencingToken: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The lease bucket the revision counts in (tokens of different buckets are unrelated).
    public let scope: String
    /// The partition, 0..<count.
    public let partition: Int
    /// The lease entry's revision when it was claimed; constant while the claim is held (renewals do not change it).
    public let revision: UInt64

    /// Creates a token.
    public init(scope: String, partition: Int, revision: UInt64) {
        self.scope = scope
        self.partition = partition
        self.revision = revision
    }

    /// Orders tokens of one partition by revision.
    public static func < (lhs: FencingToken, rhs: FencingToken) -> Bool { lhs.revision < rhs.revision }

    /// `partition P token R (bucket B)`.
    public var description: String { "partition \(partition) token \(revision) (bucket \(scope))" }
}
