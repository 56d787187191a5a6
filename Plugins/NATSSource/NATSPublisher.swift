import CNATS
import Crypto
import Foundation
import PrivacyRuntime

/// Publishes messages into JetStream and waits until the stream has acknowledged every one: a reading counts as
/// delivered only once the stream has stored it (and, for a replicated stream, a quorum of its replicas has).
///
/// At most `window` messages are unacknowledged at a time, so replaying a large file uses bounded memory.
/// A message the stream did not acknowledge (its leader was lost and a new one not yet elected, a node was
/// unreachable) is published again until `stallTimeout` has passed. Every message carries a `Nats-Msg-Id` made from
/// its subject and payload, so the stream stores a retried message once even if the first attempt was stored
/// and only its acknowledgement was lost (within the stream's duplicate window, two minutes by default).
/// Used by `privacy-runtime publish --nats`.
public final class NATSPublisher: MeterMessagePublisher, @unchecked Sendable {
    private var client: NATSClient?
    private let tally: Unmanaged<NATSAckTally>
    private let stallMilliseconds: Int64
    private let endpoint: String
    private var published = 0

    /// Connects to the server(s) in `settings`; `stallTimeout` is how long a publish may wait for room in the
    /// window and for its acknowledgement before it counts as failed.
    public init(settings: NATSConnectionSettings, window: Int = 500, stallTimeout: Duration = .seconds(60)) throws {
        let tally = Unmanaged.passRetained(NATSAckTally())
        let stall = Int64(stallTimeout.components.seconds) * 1000
        self.tally = tally
        self.stallMilliseconds = stall
        self.endpoint = settings.url
        do {
            client = try NATSClient(settings: settings) { options in
                options.PublishAsync.MaxPending = Int64(window)
                options.PublishAsync.StallWait = stall
                options.PublishAsync.AckHandlerClosure = tally.toOpaque()
                options.PublishAsync.AckHandler = { _, message, acknowledgement, failure, closure in
                    let tally = Unmanaged<NATSAckTally>.fromOpaque(closure!).takeUnretainedValue()
                    if acknowledgement != nil {
                        tally.recordStored()
                    } else if let failure {
                        let text = failure.pointee.ErrText.map { String(cString: $0) } ?? String(cString: natsStatus_GetText(failure.pointee.Err))
                        let code = failure.pointee.ErrCode.rawValue
                        let data = natsMsg_GetData(message).map { UnsafeRawPointer($0) }
                        let payload = data.map { Array(UnsafeRawBufferPointer(start: $0, count: Int(natsMsg_GetDataLength(message)))) } ?? []
                        tally.recordFailure(
                            code != 0 ? "\(text) (JetStream error \(code))" : text,
                            message: .init(subject: String(cString: natsMsg_GetSubject(message)), payload: payload))
                    }
                    natsMsg_Destroy(message)
                }
            }
        } catch {
            // Every stored property is set by now, so deinit runs and releases the tally.
            throw error
        }
    }

    deinit {
        // Closing the connection first: no acknowledgement callback can run after it.
        client = nil
        tally.release()
    }

    /// Messages the stream has acknowledged so far.
    public var acknowledged: Int { tally.takeUnretainedValue().stored }

    /// Creates a file-backed stream `name` on `subjects` (e.g. `meters.>`) with `replicas` copies unless a stream of
    /// that name exists; returns whether it created one. For trying things out: production streams are set up by
    /// their operator, with limits and replicas of their choosing.
    public func createStreamIfMissing(name: String, subjects: [String], replicas: Int = 1) throws -> Bool {
        guard let client else { throw NATSError.invalidSettings("nats: stream setup after finish") }
        return try client.createStreamIfMissing(name: name, subjects: subjects, replicas: replicas)
    }

    /// Publishes `payload` on `subject`, waiting while `window` messages are unacknowledged.
    public func publish(subject: String, payload: [UInt8]) throws {
        guard let client else { throw NATSError.invalidSettings("nats: publish after finish") }
        var options = jsPubOptions()
        jsPubOptions_Init(&options)
        options.MaxWait = stallMilliseconds
        let status = Self.messageID(subject: subject, payload: payload).withCString { id in
            options.MsgId = id
            return payload.withUnsafeBytes { bytes in
                js_PublishAsync(client.jetStream, subject, bytes.baseAddress, Int32(bytes.count), &options)
            }
        }
        if status == NATS_TIMEOUT {
            throw NATSError.notAcknowledged("nats: no acknowledgement from \(endpoint) for \(stallMilliseconds / 1000) s; the window of unacknowledged messages stays full")
        }
        try NATSError.check(status, "publishing to '\(subject)'")
        published += 1
    }

    /// Waits until every published message is acknowledged or has failed, publishes the failed ones again until
    /// `stallTimeout` has passed, then disconnects; throws if the stream did not store them all, with how many and
    /// the first reason (e.g. no stream captures the subject).
    public func finish() throws {
        guard let client else { return }
        var options = jsPubOptions()
        jsPubOptions_Init(&options)
        options.MaxWait = stallMilliseconds
        let status = js_PublishAsyncComplete(client.jetStream, &options)
        let lastFailure = republishUnstored(client, until: ContinuousClock.now + .milliseconds(stallMilliseconds))
        self.client = nil
        let failures = tally.takeUnretainedValue().failures
        let stored = tally.takeUnretainedValue().stored
        if status != NATS_OK || stored != published {
            let reason = lastFailure ?? failures.first ?? String(cString: natsStatus_GetText(status))
            throw NATSError.notAcknowledged(
                "nats: the stream stored \(stored) of \(published) message(s) published to \(endpoint); first failure: \(reason)")
        }
    }

    /// Publishes the messages the stream did not acknowledge again, one at a time and with their message ids, until
    /// each is stored or `deadline` passes; returns the last failure's reason, nil if all were stored.
    private func republishUnstored(_ client: NATSClient, until deadline: ContinuousClock.Instant) -> String? {
        var lastFailure: String?
        for message in tally.takeUnretainedValue().takeUnstored() {
            lastFailure = nil
            repeat {
                var options = jsPubOptions()
                jsPubOptions_Init(&options)
                options.MaxWait = 2000
                var acknowledgement: UnsafeMutablePointer<jsPubAck>?
                var code = jsErrCode(rawValue: 0)
                let status = Self.messageID(subject: message.subject, payload: message.payload).withCString { id in
                    options.MsgId = id
                    return message.payload.withUnsafeBytes { bytes in
                        js_Publish(&acknowledgement, client.jetStream, message.subject, bytes.baseAddress, Int32(bytes.count), &options, &code)
                    }
                }
                jsPubAck_Destroy(acknowledgement)
                if status == NATS_OK {
                    tally.takeUnretainedValue().recordStored()
                    lastFailure = nil
                    break
                }
                lastFailure = String(cString: natsStatus_GetText(status)) + (code.rawValue != 0 ? " (JetStream error \(code.rawValue))" : "")
                Thread.sleep(forTimeInterval: 0.25)
            } while ContinuousClock.now < deadline
            if lastFailure != nil { return lastFailure }
        }
        return nil
    }

    /// The message's `Nats-Msg-Id`: the first 128 bits of SHA-256 over subject and payload, so a message published
    /// again is recognised as the same one by the stream, and two different readings never share an id.
    static func messageID(subject: String, payload: [UInt8]) -> String {
        var hash = SHA256()
        hash.update(data: Array(subject.utf8) + [0])
        hash.update(data: payload)
        return hash.finalize().prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    // MARK: MeterMessagePublisher

    /// Region and meter id are subject tokens.
    public var levelRule: String { "non-empty and contain no '.', '*', '>' or white space" }

    /// Whether `level` can be one subject token (`MeterSubject.isValidToken`).
    public func isValidLevel(_ level: String) -> Bool { MeterSubject.isValidToken(level) }

    /// Publishes on `{prefix}.{region}.{meterID}`.
    public func publish(prefix: String, region: String, meterID: String, payload: [UInt8]) throws {
        try publish(subject: "\(prefix).\(region).\(meterID)", payload: payload)
    }
}
