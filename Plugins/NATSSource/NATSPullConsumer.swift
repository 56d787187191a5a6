import CNATS
import Foundation

/// An ephemeral JetStream pull consumer that reads a stream from a given sequence on, without acknowledgements:
/// the reader's position (the next stream sequence) is the whole of its state, so reading again from a
/// checkpoint's sequence needs no ack window that spans the checkpoint interval.
///
/// The other half of the only code that touches libnats (with `NATSClient`). Not thread-safe: one thread
/// fetches.
final class NATSPullConsumer: @unchecked Sendable {
    private let client: NATSClient
    private let subscription: OpaquePointer
    private let maxPayloadBytes: Int

    /// Creates the consumer on `subject` (bound to `stream`, or to the stream that captures the subject when nil),
    /// delivering from `startSequence` on (1: the whole stream). The server removes it after `inactiveThreshold`
    /// without a fetch, e.g. when this process died.
    init(
        client: NATSClient, subject: String, stream: String?, startSequence: UInt64,
        inactiveThreshold: Duration, maxPayloadBytes: Int
    ) throws {
        self.client = client
        self.maxPayloadBytes = maxPayloadBytes
        var options = jsSubOptions()
        jsSubOptions_Init(&options)
        options.Config.AckPolicy = js_AckNone
        options.Config.DeliverPolicy = startSequence > 1 ? js_DeliverByStartSequence : js_DeliverAll
        options.Config.OptStartSeq = startSequence > 1 ? startSequence : 0
        options.Config.InactiveThreshold = Int64(inactiveThreshold.components.seconds) * 1_000_000_000
        var jetStreamCode = jsErrCode(rawValue: 0)
        var subscription: OpaquePointer?
        let status = Self.withOptionalCString(stream) { streamName in
            options.Stream = streamName
            return js_PullSubscribe(&subscription, client.jetStream, subject, nil, nil, &options, &jetStreamCode)
        }
        guard status == NATS_OK, let subscription else {
            let bound = stream.map { " of stream '\($0)'" } ?? ""
            throw NATSError.call(
                "reading '\(subject)'\(bound) from sequence \(startSequence) on \(client.endpoint)", status: status, jetStreamCode: jetStreamCode)
        }
        self.subscription = subscription
    }

    deinit {
        // Unsubscribing deletes the ephemeral consumer on the server; destroying frees the handle.
        natsSubscription_Unsubscribe(subscription)
        natsSubscription_Destroy(subscription)
    }

    /// Whether the server still has this consumer. A fetch from a consumer that was lost with its server (a cluster
    /// node's crash) times out just like one with nothing to deliver, so a reader that gets no messages asks.
    func exists() -> Bool {
        var info: UnsafeMutablePointer<jsConsumerInfo>?
        var code = jsErrCode(rawValue: 0)
        let status = natsSubscription_GetConsumerInfo(&info, subscription, nil, &code)
        jsConsumerInfo_Destroy(info)
        return status == NATS_OK
    }

    /// Up to `maxCount` messages in stream order, waiting at most `timeout` for the first; empty when none came.
    func fetch(maxCount: Int, timeout: Duration) throws -> [NATSStreamMessage] {
        var list = natsMsgList()
        var jetStreamCode = jsErrCode(rawValue: 0)
        let milliseconds = max(1, Int64(timeout.components.seconds) * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        let status = natsSubscription_Fetch(&list, subscription, Int32(maxCount), milliseconds, &jetStreamCode)
        if status == NATS_TIMEOUT { return [] }
        guard status == NATS_OK else { throw NATSError.call("fetching from \(client.endpoint)", status: status, jetStreamCode: jetStreamCode) }
        defer { natsMsgList_Destroy(&list) }
        var messages: [NATSStreamMessage] = []
        messages.reserveCapacity(Int(list.Count))
        for index in 0..<Int(list.Count) {
            guard let message = list.Msgs[index] else { continue }
            var metadata: UnsafeMutablePointer<jsMsgMetaData>?
            try NATSError.check(natsMsg_GetMetaData(&metadata, message), "reading a message's stream sequence")
            let sequence = metadata!.pointee.Sequence.Stream
            let pendingAfter = metadata!.pointee.NumPending
            jsMsgMetaData_Destroy(metadata)
            let length = Int(natsMsg_GetDataLength(message))
            let data = natsMsg_GetData(message)
            let bytes = UnsafeRawBufferPointer(start: length > 0 ? UnsafeRawPointer(data) : nil, count: length > 0 ? length : 0)
            messages.append(NATSStreamMessage(
                subject: String(cString: natsMsg_GetSubject(message)), bytes: bytes, limit: maxPayloadBytes, streamSequence: sequence,
                pendingAfter: pendingAfter))
        }
        return messages
    }

    private static func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        guard let text else { return body(nil) }
        return text.withCString { body($0) }
    }
}
