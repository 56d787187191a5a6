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
    private let subscription: MQTTSubscription
    private let decoder: MeterPayloadDecoder
    private let shard: ShardAssignment
    private var received = 0
    private var skipped = 0

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

    /// Messages received so far.
    public var messagesReceived: Int { received }

    /// Readings skipped because another shard owns their region.
    public var skippedForOtherShards: Int { skipped }

    /// Waits for at least one message, then takes what else is already queued, up to `maxCount` items.
    /// Nil once the stream has ended (idle timeout, `close`, or cancellation of the calling task);
    /// throws if the broker refused the connection for good (bad login, not authorized).
    public func nextBatch(maxCount: Int) async throws -> [SourceItem]? {
        guard let first = await subscription.next() else {
            if let refused = subscription.refused { throw MosquittoError(message: refused) }
            return nil
        }
        var items: [SourceItem] = []
        append(first, to: &items)
        while items.count < maxCount {
            let more = subscription.drain(limit: maxCount - items.count)
            if more.isEmpty { break }
            for message in more { append(message, to: &items) }
        }
        return items
    }

    /// Disconnects; the broker keeps the session and queues this instance's messages until it is back.
    public func close() async {
        subscription.stop()
    }

    private func append(_ message: MQTTMessage, to items: inout [SourceItem]) {
        received += 1
        for item in decoder.decode(message, sequence: received) {
            if case .record(let record) = item, !shard.owns(region: record.region) {
                skipped += 1
                continue
            }
            if case .malformed = item, let topic = MeterTopic.parse(message.topic), !shard.owns(region: topic.region) {
                skipped += 1
                continue
            }
            items.append(item)
        }
    }
}
