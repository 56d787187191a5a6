import Foundation
import RuntimeKeys

/// Seals a run's checkpoint under the runtime key's checkpoint key (AES-256-GCM), binding the policies, the stream,
/// the shard and the covered sequence as associated data: a checkpoint cannot be opened for other policies or
/// another stream, nor moved to another sequence, and the key holder, who never has the runtime key, cannot read an
/// open window's accumulator (a Paillier ciphertext under its own key) from the store.
struct CheckpointSeal: Sendable {
    /// The runtime key.
    let key: RuntimeKey
    /// The run's policies, in order.
    let policies: [String]
    /// The log the sequence numbers.
    let stream: String
    /// The shard, nil when the instance owns every region.
    let shard: ShardAssignment?

    /// What the seal binds besides the state.
    func associatedData(sequence: UInt64) -> Data {
        Data("privacy-runtime checkpoint v1\n\(policies.joined(separator: ","))\n\(stream)\n\(shard?.description ?? "all")\n\(sequence)".utf8)
    }

    /// The sealed form of `checkpoint`.
    func seal(_ checkpoint: PipelineCheckpoint) throws -> StoredCheckpoint {
        let sealed = try key.sealCheckpoint(checkpoint.encoded(), associatedData: associatedData(sequence: checkpoint.sequence))
        return StoredCheckpoint(sequence: checkpoint.sequence, sealed: Array(sealed))
    }

    /// The checkpoint in `stored`, read from `store` (for messages); throws `CheckpointError.notAuthentic` when it
    /// does not open, and `mismatch` when it opens but says another sequence or other policies.
    func open(_ stored: StoredCheckpoint, from store: String) throws -> PipelineCheckpoint {
        let plain: Data
        do {
            plain = try key.openCheckpoint(stored.sealed, associatedData: associatedData(sequence: stored.sequence))
        } catch {
            throw CheckpointError.notAuthentic(store, keyID: key.keyID)
        }
        let checkpoint = try PipelineCheckpoint(decoding: Array(plain))
        guard checkpoint.sequence == stored.sequence, checkpoint.policies.map(\.name) == policies else {
            throw CheckpointError.mismatch("it is of policies \(checkpoint.policies.map(\.name)) at sequence \(checkpoint.sequence)")
        }
        return checkpoint
    }
}
