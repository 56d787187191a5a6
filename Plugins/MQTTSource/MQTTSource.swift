import AsyncAlgorithms
import Logging
import PrivacyRuntime

/// The `mqtt` source: meter readings from an MQTT broker (QoS 1, persistent session, automatic
/// reconnect), for one shard of the regions.
///
/// Messages on `{prefix}/{region}/{meter_id}` carry JSON or CSV payloads (`MeterPayloadFormat`).
/// Readings of regions another shard owns are skipped without being rejected: they are that
/// shard's. The source runs until its task is cancelled (SIGINT/SIGTERM) or, with an idle timeout,
/// until no message has arrived for that long.
public actor MQTTSource: ShardAwareSource {
    /// Messages gathered into batches: as many as `maxCount`, or what arrived within `batchWindow`.
    private typealias Batches = AsyncChunksOfCountOrSignalSequence<
        BackpressureQueue<MQTTMessage>.Elements, [MQTTMessage], AsyncTimerSequence<SuspendingClock>>

    /// How long a batch waits for more messages after its first one.
    static let batchWindow = Duration.milliseconds(20)

    private let subscription: MQTTSubscription
    private let decoder: MeterPayloadDecoder
    private let shard: ShardAssignment
    private var batches: Batches.Iterator?
    /// Messages received so far (their sequence numbers are the items' source lines).
    private var received = 0

    /// Connects to the broker (in the background) and subscribes.
    public init(configuration: MQTTSourceConfiguration, logger: Logger = Logger(label: "privacy-runtime.mqtt")) throws {
        decoder = try MeterPayloadDecoder(format: configuration.format)
        subscription = try MQTTSubscription(configuration: configuration, logger: logger)
        shard = configuration.shard
    }

    /// Waits until the broker has acknowledged the subscriptions (see `MQTTSubscription.waitUntilSubscribed`).
    public func waitUntilSubscribed(timeout: Duration) async -> Bool {
        await subscription.waitUntilSubscribed(timeout: timeout)
    }

    /// Waits for at least one message, then takes what else arrives within `batchWindow`, up to `maxCount`
    /// messages. Nil once the stream has ended (idle timeout, `close`, or cancellation of the calling task);
    /// throws if the broker refused the connection for good (bad login, not authorized).
    public func nextBatch(maxCount: Int) async throws -> [SourceItem]? {
        var iterator = batches ?? subscription.messages()
            .chunks(ofCount: max(1, maxCount), or: .repeating(every: Self.batchWindow)).makeAsyncIterator()
        let messages = await iterator.next(isolation: self)
        batches = iterator
        guard let messages else {
            if let refused = subscription.refused { throw MosquittoError.refused(refused) }
            return nil
        }
        var items: [SourceItem] = []
        for message in messages { append(message, to: &items) }
        return items
    }

    /// Disconnects; the broker keeps the session and queues this instance's messages until it is back.
    public func close() async {
        subscription.stop()
    }

    private func append(_ message: MQTTMessage, to items: inout [SourceItem]) {
        received += 1
        for item in decoder.decode(message, sequence: received) {
            switch item {
            case .record(let record) where !shard.owns(region: record.region): continue
            case .malformed where MeterTopic.parse(message.topic).map({ !shard.owns(region: $0.region) }) ?? false: continue
            default: items.append(item)
            }
        }
    }
}
