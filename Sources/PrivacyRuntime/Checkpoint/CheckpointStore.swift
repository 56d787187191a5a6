/// Where a run's sealed checkpoints are kept: a store the runtime's operator runs, not the key holder (a NATS
/// key-value bucket of the runtime's own, for the `nats` source). Called from one task, one call at a time.
public protocol CheckpointStore: Sendable {
    /// The latest complete checkpoint, nil when there is none; a torn write (one that never completed) is never
    /// returned, and one whose stored parts were altered throws `CheckpointError.store`.
    func load() async throws -> StoredCheckpoint?

    /// Stores `checkpoint` so that `load` returns it from now on, replacing the previous one only once it is
    /// complete (a crash during `save` leaves the previous one loadable).
    func save(_ checkpoint: StoredCheckpoint) async throws

    /// Where the store is, for messages, e.g. `NATS key-value bucket 'privacy-runtime-checkpoints' key 'billing'`.
    var description: String { get }
}
