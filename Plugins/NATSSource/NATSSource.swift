import Logging
import PrivacyRuntime

/// The `nats` source: meter readings from a NATS JetStream stream, read by position.
///
/// Messages on `{prefix}.{region}.{meter_id}` carry JSON or CSV payloads (`MeterPayloadFormat`), decoded as the
/// `mqtt` source decodes them; a malformed payload is rejected with its stream sequence as position and costs that
/// message only. Reading starts at a stream sequence and needs no acknowledgements, so a restart can resume
/// after the sequence a checkpoint covers (`lastSequence`). Readings of regions another shard owns are skipped.
/// The source runs until its task is cancelled or, with an idle timeout, until no message has arrived for that long.
/// With checkpoints (`checkpoint_every`), the runtime checkpoints the pipeline's state into a key-value bucket and a
/// restart resumes after the latest checkpoint's sequence.
public actor NATSSource: ShardAwareSource, CheckpointedSource {
    private let reader: NATSStreamReader
    private let decoder: MeterPayloadDecoder
    private let shard: ShardAssignment
    private var fetched: BackpressureQueue<[NATSStreamMessage]>.Elements.Iterator?
    /// Fetched messages not yet handed out (a fetch can bring more than a batch asks for).
    private var pending: ArraySlice<NATSStreamMessage> = []

    /// The stream sequence of the last message handed to the pipeline (0 before the first): once the pipeline has
    /// processed everything `nextBatch` returned, a reader started at `lastSequence + 1` continues exactly here.
    public private(set) var lastSequence: UInt64
    /// The stream lag after the last message handed to the pipeline (see `backlog`).
    private var streamLag: UInt64?
    /// Where and how often the runtime checkpoints; nil without checkpoints.
    public nonisolated let checkpoints: CheckpointSettings?
    /// The checkpoint this source resumed after (it started at its `sequence + 1`); nil at a first start.
    public nonisolated let resumedFrom: StoredCheckpoint?

    /// Connects, creates the consumer at `configuration.startSequence` and starts reading; throws if the server
    /// cannot be reached, refuses the login or TLS handshake, or has no stream for the subject.
    /// With `checkpoints`, the runtime checkpoints; `resumedFrom` is the checkpoint the configuration's start
    /// sequence follows.
    public init(configuration: NATSSourceConfiguration, logger: Logger = Logger(label: "privacy-runtime.nats"),
                checkpoints: CheckpointSettings? = nil, resumedFrom: StoredCheckpoint? = nil) throws {
        self.checkpoints = checkpoints
        self.resumedFrom = resumedFrom
        decoder = try MeterPayloadDecoder(format: configuration.format)
        reader = try NATSStreamReader(configuration: configuration, logger: logger)
        shard = configuration.shard
        lastSequence = max(1, configuration.startSequence) - 1
    }

    /// Up to `maxCount` messages' items, waiting for the first message; nil once the stream has ended (idle
    /// timeout, `close`, or cancellation of the calling task).
    public func nextBatch(maxCount: Int) async throws -> [SourceItem]? {
        if pending.isEmpty {
            var iterator = fetched ?? reader.messages().makeAsyncIterator()
            let messages = await iterator.next(isolation: self)
            fetched = iterator
            guard let messages else { return nil }
            pending = messages[...]
        }
        let batch = pending.prefix(max(1, maxCount))
        pending = pending.dropFirst(batch.count)
        var items: [SourceItem] = []
        for message in batch {
            lastSequence = message.streamSequence
            streamLag = message.pendingAfter
            append(message, to: &items)
        }
        return items
    }

    /// Messages the stream holds beyond the last one handed to the pipeline (its consumer's pending count when that
    /// message was delivered, which counts the messages fetched with it but not yet handed over); nil before the first.
    public var backlog: Int? { streamLag.map { Int(clamping: $0) } }

    /// With checkpoints, a restart reads again from the latest checkpoint, so windows open at a crash get all their
    /// readings again; without, consumed messages are not read again.
    public nonisolated var replaysFromStart: Bool { checkpoints != nil }

    /// Stops reading and closes the consumer and the connection; the stream keeps every message.
    public func close() async {
        await reader.stop()
    }

    private func append(_ message: NATSStreamMessage, to items: inout [SourceItem]) {
        let address = MeterSubject.parse(message.subject)
        let decoded = decoder.decode(
            payload: message.payload, receivedBytes: message.receivedBytes, address: address,
            position: SourcePosition(source: "nats:\(message.subject)", line: Int(clamping: message.streamSequence)))
        for item in decoded {
            switch item {
            case .record(let record) where !shard.owns(region: record.region): continue
            case .malformed where address.map({ !shard.owns(region: $0.region) }) ?? false: continue
            default: items.append(item)
            }
        }
    }
}
