import Dispatch
import PrivacyRuntime

/// Sealed checkpoints in a NATS key-value bucket of the runtime's own (the runtime operator's NATS, not the key
/// holder's): a checkpoint larger than one value is split into chunks (`<name>.chunk.<sequence>.<index>`, with `t<token>.` before the sequence in a partitioned run), then a
/// manifest (`<name>.manifest`) naming the chunks and their SHA-256 is written last, then the previous checkpoint's
/// chunks are removed. A write cut off before its manifest leaves the previous checkpoint loadable; a chunk that
/// does not match its manifest (altered, or removed) stops the load with one line.
///
/// In a partitioned run the store is fenced by the partition's lease: it writes nothing once the lease is no longer
/// valid, its chunks carry the lease's token in their keys, and the manifest is written with compare-and-set
/// against the revision this store last read or wrote, so an instance paused past its lease cannot replace the
/// checkpoint of the instance that took the partition over (the write is refused and the claim surrendered).
///
/// The libnats calls block, so they run one at a time on a queue of the store's own.
public final class NATSCheckpointStore: CheckpointStore, @unchecked Sendable {
    private let bucket: NATSKeyValueBucket
    private let name: String
    private let chunkBytes: Int
    private let queue = DispatchQueue(label: "privacy-runtime.nats-checkpoints")
    /// The manifest the bucket holds now (as loaded or last written); guarded by `queue`.
    private var current: CheckpointManifest?
    /// The manifest's revision as loaded or last written (nil: none); guarded by `queue`.
    private var manifestRevision: UInt64?
    /// Whether chunks of no manifest (left by a torn write) were looked for; guarded by `queue`.
    private var sweptStrays = false
    /// The partition's lease in a partitioned run; nil otherwise.
    private let lease: PartitionLease?

    /// Connects (its own connection) and opens `bucket`, creating it when missing; checkpoints are kept under
    /// `name` (letters, digits, `-`, `_`, `=`, `/`, `.`), in chunks of at most `chunkBytes` (and at most the server's
    /// max_payload less 4 KiB for headers).
    /// `lease` fences the writes in a partitioned run.
    public init(settings: NATSConnectionSettings, bucket: String, name: String, chunkBytes: Int = 1 << 20, replicas: Int = 1,
                lease: PartitionLease? = nil) throws {
        self.lease = lease
        let client = try NATSClient(settings: settings)
        self.bucket = try NATSKeyValueBucket(client: client, name: bucket, replicas: replicas)
        self.name = name
        self.chunkBytes = max(1, min(chunkBytes, self.bucket.maxValueBytes - 4096))
    }

    /// `NATS key-value bucket 'B' key 'N'`.
    public var description: String { "NATS key-value bucket '\(bucket.name)' key '\(name)'" }

    /// A key name for a policy (and shard): characters a key may not hold become `_`.
    public static func keyName(policy: String, shard: ShardAssignment?) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=")
        let base = String(policy.map { allowed.contains($0) ? $0 : "_" })
        guard let shard, shard.count > 1 else { return base }
        return "\(base).shard-\(shard.index)-of-\(shard.count)"
    }

    private var manifestKey: String { "\(name).manifest" }

    /// The checkpoint the manifest names, its chunks checked against their SHA-256; nil when there is no manifest.
    public func load() async throws -> StoredCheckpoint? {
        try await onQueue { try self.loadBlocking() }
    }

    /// Writes the chunks, then the manifest, then removes the previous checkpoint's chunks.
    public func save(_ checkpoint: StoredCheckpoint) async throws {
        try await onQueue { try self.saveBlocking(checkpoint) }
    }

    private func loadBlocking() throws -> StoredCheckpoint? {
        guard let (bytes, revision) = try bucket.entry(manifestKey) else {
            current = nil
            manifestRevision = nil
            return nil
        }
        manifestRevision = revision
        guard let manifest = CheckpointManifest.decode(bytes) else {
            throw CheckpointError.store("\(description): the manifest is not a '\(CheckpointManifest.currentFormat)' JSON object; refusing to start (remove the key to start from the stream's start_sequence)")
        }
        var sealed: [UInt8] = []
        for chunk in manifest.chunks {
            guard let data = try bucket.get(chunk.key), data.count == chunk.bytes, CheckpointManifest.hex(data) == chunk.sha256 else {
                throw CheckpointError.store("\(description): chunk '\(chunk.key)' of the checkpoint at sequence \(manifest.sequence) is missing or does not match its SHA-256 in the manifest (altered or removed by someone other than this runtime); refusing to start")
            }
            sealed += data
        }
        current = manifest
        return StoredCheckpoint(sequence: manifest.sequence, sealed: sealed)
    }

    private func saveBlocking(_ checkpoint: StoredCheckpoint) throws {
        try checkLease()
        let token = lease.map { "t\($0.token.revision)." } ?? ""
        let (manifest, pieces) = CheckpointManifest.split(
            checkpoint.sealed, sequence: checkpoint.sequence, chunkBytes: chunkBytes, keyPrefix: "\(name).chunk.\(token)\(checkpoint.sequence)")
        for (chunk, piece) in zip(manifest.chunks, pieces) { try bucket.put(chunk.key, piece) }
        try checkLease()
        guard let revision = try bucket.write(manifestKey, try manifest.encoded(), expecting: manifestRevision) else {
            let reason = "the checkpoint of '\(name)' was written by another instance since this one read it"
            _ = lease?.surrender(reason)
            throw CheckpointError.store("\(description): \(reason); not overwriting it")
        }
        manifestRevision = revision
        let previous = current
        current = manifest
        let kept = Set(manifest.chunks.map(\.key))
        var stale = (previous?.chunks.map(\.key) ?? []).filter { !kept.contains($0) }
        if !sweptStrays {
            // Chunks of writes cut off before their manifest, in earlier runs.
            stale += try bucket.keys().filter { $0.hasPrefix("\(name).chunk.") && !kept.contains($0) && !stale.contains($0) }
            sweptStrays = true
        }
        for key in stale { try bucket.purge(key) }
    }

    /// Throws when the partition's lease is no longer valid (nothing may be written for it).
    private func checkLease() throws {
        guard let lease, !lease.isValid else { return }
        throw CheckpointError.store("\(description): \(lease.lostReason ?? "the partition's lease is no longer valid"); not writing the checkpoint")
    }

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    continuation.resume(returning: try work())
                } catch let error as CheckpointError {
                    continuation.resume(throwing: error)
                } catch {
                    continuation.resume(throwing: CheckpointError.store("\(self.description): \(error)"))
                }
            }
        }
    }
}
