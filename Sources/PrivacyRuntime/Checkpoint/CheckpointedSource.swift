/// A source that reads a replayable log by position (a JetStream stream) and resumes after a checkpoint: the
/// runtime checkpoints its state every `checkpoints.interval` with the stream sequence it covers, and at a restart
/// the source starts at the sequence after it (`resumedFrom`), so a crash loses nothing and doubles nothing.
///
/// A source without checkpoints configured is a plain `ReadingSource` (its `checkpoints` is nil).
public protocol CheckpointedSource: ReadingSource {
    /// How and where to checkpoint; nil when the policy configures no checkpoints.
    var checkpoints: CheckpointSettings? { get }
    /// The checkpoint the source resumed after (it reads from its `sequence + 1`); nil at a first start.
    var resumedFrom: StoredCheckpoint? { get }
    /// The stream sequence of the last message `nextBatch` returned (0 before the first).
    var lastSequence: UInt64 { get async }
}

/// A checkpointed source's settings: the store, how often, and the name of the log that sequences refer to.
public struct CheckpointSettings: Sendable {
    /// Where checkpoints go.
    public var store: any CheckpointStore
    /// The time between checkpoints (taken at the first batch boundary after it passed).
    public var interval: Duration
    /// The log the sequences number (a stream name), bound into each seal.
    public var stream: String

    /// Creates settings.
    public init(store: any CheckpointStore, interval: Duration, stream: String) {
        self.store = store
        self.interval = interval
        self.stream = stream
    }
}
