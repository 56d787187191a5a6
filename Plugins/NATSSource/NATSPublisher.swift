import CNATS
import Foundation
import PrivacyRuntime

/// Publishes messages into JetStream and waits until the stream has acknowledged every one: a reading counts as
/// delivered only once the stream has stored it (and, for a replicated stream, a quorum of its replicas has).
///
/// At most `window` messages are unacknowledged at a time, so replaying a large file uses bounded memory.
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
                        tally.recordFailure(code != 0 ? "\(text) (JetStream error \(code))" : text)
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
        let status = payload.withUnsafeBytes { bytes in
            js_PublishAsync(client.jetStream, subject, bytes.baseAddress, Int32(bytes.count), &options)
        }
        if status == NATS_TIMEOUT {
            throw NATSError.notAcknowledged("nats: no acknowledgement from \(endpoint) for \(stallMilliseconds / 1000) s; the window of unacknowledged messages stays full")
        }
        try NATSError.check(status, "publishing to '\(subject)'")
        published += 1
    }

    /// Waits until every published message is acknowledged or has failed, then disconnects; throws if the stream
    /// did not store them all, with how many and the first reason (e.g. no stream captures the subject).
    public func finish() throws {
        guard let client else { return }
        var options = jsPubOptions()
        jsPubOptions_Init(&options)
        options.MaxWait = stallMilliseconds
        let status = js_PublishAsyncComplete(client.jetStream, &options)
        self.client = nil
        let failures = tally.takeUnretainedValue().failures
        let stored = tally.takeUnretainedValue().stored
        if failures.count > 0 || status != NATS_OK || stored != published {
            let reason = failures.first ?? String(cString: natsStatus_GetText(status))
            throw NATSError.notAcknowledged(
                "nats: the stream stored \(stored) of \(published) message(s) published to \(endpoint); first failure: \(reason)")
        }
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
