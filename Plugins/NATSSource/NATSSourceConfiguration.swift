import PrivacyRuntime

/// Everything the NATS source needs: server and login, the stream and subject it reads, where it starts,
/// the payload format and the shard.
public struct NATSSourceConfiguration: Sendable {
    /// Server, login and TLS.
    public var connection: NATSConnectionSettings
    /// The stream to read; nil reads the stream that captures `subject`.
    public var stream: String?
    /// Subject filter; meters publish on `{prefix}.{region}.{meter_id}`.
    public var subject: String
    /// The first stream sequence to read (1: the whole stream). A restart resumes at a checkpoint's
    /// `lastSequence + 1`.
    public var startSequence: UInt64
    /// Payload encoding.
    public var format: MeterPayloadFormat
    /// Messages asked for per pull request.
    public var fetchCount: Int
    /// Messages held between the reading thread and the pipeline; when full, fetching pauses.
    public var bufferCapacity: Int
    /// Payloads longer than this many bytes are rejected as `too_long` without being copied whole.
    public var maxPayloadBytes: Int
    /// End the stream after this long without a message (replays and tests); nil runs until stopped.
    public var idleTimeout: Duration?
    /// How long the server keeps this reader's consumer after its last fetch (e.g. after a crash).
    public var inactiveThreshold: Duration
    /// The shard this instance is: readings of other shards' regions are skipped.
    public var shard: ShardAssignment
    /// Whether `startSequence` follows a checkpoint: then the stream must still hold it (a stream whose limits
    /// dropped messages after the checkpoint cannot complete the windows the checkpoint holds open).
    public var resumesCheckpoint = false

    /// Creates a configuration with the defaults of the policy section.
    public init(
        connection: NATSConnectionSettings = NATSConnectionSettings(), stream: String? = nil, subject: String = "meters.>",
        startSequence: UInt64 = 1, format: MeterPayloadFormat = .json, fetchCount: Int = 256, bufferCapacity: Int = 10_000,
        maxPayloadBytes: Int = 1 << 16, idleTimeout: Duration? = nil, inactiveThreshold: Duration = .seconds(300),
        shard: ShardAssignment = .all
    ) {
        self.connection = connection
        self.stream = stream
        self.subject = subject
        self.startSequence = startSequence
        self.format = format
        self.fetchCount = fetchCount
        self.bufferCapacity = bufferCapacity
        self.maxPayloadBytes = maxPayloadBytes
        self.idleTimeout = idleTimeout
        self.inactiveThreshold = inactiveThreshold
        self.shard = shard
    }
}
