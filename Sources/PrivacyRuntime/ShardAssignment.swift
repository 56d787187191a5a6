/// Which regions one instance of a sharded deployment owns: shard `index` of `count`.
///
/// A region belongs to shard `jump(fnv1a64(UTF-8 bytes of the region id), count)`: FNV-1a 64-bit
/// (offset basis 0xcbf29ce484222325, prime 0x100000001b3) keys Lamping and Veach's jump consistent
/// hash. Both are fixed, so every instance, on any machine and version, computes the same split; N
/// instances together cover every region exactly once and so produce exactly the aggregates one
/// instance would. The jump hash spreads regions evenly (FNV-1a's low bits alone would not: mod 2
/// they are only the parity of the bytes) and, going from N to N+1 shards, moves only the regions
/// the new shard takes.
public struct ShardAssignment: Sendable, Hashable, CustomStringConvertible {
    /// This instance's shard, 0-based.
    public let index: Int
    /// Number of shards.
    public let count: Int

    /// The single shard that owns everything (an unsharded instance).
    public static let all = ShardAssignment(uncheckedIndex: 0, count: 1)

    /// Creates shard `index` of `count`; nil unless 0 <= index < count.
    public init?(index: Int, count: Int) {
        guard count >= 1, (0..<count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N` (e.g. `0/4`); nil for anything else or K outside 0..<N.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }

    /// Whether this shard owns `region`.
    public func owns(region: String) -> Bool {
        count == 1 || Self.shard(of: region, count: count) == index
    }

    /// The shard (0..<count) that owns `region`.
    public static func shard(of region: String, count: Int) -> Int {
        jumpHash(fnv1a64(region), buckets: count)
    }

    /// Lamping and Veach's jump consistent hash of `key` into `buckets` buckets ("A Fast, Minimal
    /// Memory, Consistent Hash Algorithm", 2014), exactly as published.
    public static func jumpHash(_ key: UInt64, buckets: Int) -> Int {
        var key = key
        var bucket: Int64 = -1
        var next: Int64 = 0
        while next < Int64(buckets) {
            bucket = next
            key = key &* 2_862_933_555_777_941_757 &+ 1
            next = Int64(Double(bucket + 1) * (Double(Int64(1) << 31) / Double((key >> 33) + 1)))
        }
        return Int(bucket)
    }

    /// FNV-1a 64-bit hash of the UTF-8 bytes of `text`.
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
