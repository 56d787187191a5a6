import Dispatch
import PrivacyRuntime

/// Sealed checkpoints in a NATS key-value bucket of the runtime's own (the runtime operator's NATS, not the key
/// holder's): a checkpoint larger than one value is split into chunks (`<name>.chunk.<sequence>.<index>`), then a
/// manifest (`<name>.manifest`) naming the chunks and their SHA-256 is written last, then the previous checkpoint's
/// chunks are removed. A write cut off before its manifest leaves the previous checkpoint loadable; a chunk that
/// does not match its manifest (altered, or removed) stops the load with one line.
///
/// The libnats calls block, so they run one at a time on a queue of the store's own.
public final class NATSCheckpointStore: CheckpointStore, @unchecked Sendable {
    private let bucket: NATSKeyValueBucket
    private let name: String
    private let chunkBytes: Int
    private let queue = DispatchQueue(label: "privacy-runtime.nats-checkpoints")
    /// The manifest the bucket holds now (as loaded or last written); guarded by `queue`.
    private var current: CheckpointManifest?
    /// Whether chunks of no manifest (left by a torn write) were looked for; guarded by `queue`.
    private var sweptStrays = false

    /// Connects (its own connection) and opens `bucket`, creating it when missing; checkpoints are kept under
    /// `name` (letters, digits, `-`, `_`, `=`, `/`, `.`), in chunks of at most `chunkBytes` (and at most the server's
    /// max_payload less 4 KiB for headers).
    public init(settings: NATSConnectionSettings, bucket: String, name: String, chunkBytes: Int = 1 << 20, replicas: Int = 1) throws {
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
        guard let bytes = try bucket.get(manifestKey) else {
            current = nil
            return nil
        }
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
        let (manifest, pieces) = CheckpointManifest.split(
            checkpoint.sealed, sequence: checkpoint.sequence, chunkBytes: chunkBytes, keyPrefix: "\(name).chunk.\(checkpoint.sequence)")
        for (chunk, piece) in zip(manifest.chunks, pieces) { try bucket.put(chunk.key, piece) }
        try bucket.put(manifestKey, try manifest.encoded())
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
