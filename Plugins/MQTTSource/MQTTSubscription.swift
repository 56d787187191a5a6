import Foundation
import Logging
import PrivacyRuntime

/// A live subscription: connects with a persistent session, (re)subscribes on every connect, and
/// delivers messages through a `BackpressureQueue`: libmosquitto's network thread blocks while the queue is
/// full, so a slow pipeline slows the broker down instead of losing messages. The messages end when `stop`
/// is called, when the idle timeout passes without a message, or when the iterating task is cancelled.
public final class MQTTSubscription: Sendable {
    private let queue: BackpressureQueue<MQTTMessage>
    private let client: MosquittoClient
    private let activity: MQTTActivityClock
    private let idleWatch: Task<Void, Never>?
    private let acknowledgedSubscriptions: MQTTCounter
    private let refusal: MQTTRefusal
    private let subscriptionCount: Int

    /// Connects to the broker in the background and subscribes to `configuration.subscriptions`.
    /// Fails only on invalid settings; an unreachable broker is retried with backoff.
    public init(configuration: MQTTSourceConfiguration, logger: Logger = Logger(label: "privacy-runtime.mqtt")) throws {
        let queue = BackpressureQueue<MQTTMessage>(
            lowWatermark: configuration.bufferCapacity / 2, highWatermark: configuration.bufferCapacity)
        let activity = MQTTActivityClock()
        let filters = configuration.subscriptions
        let endpoint = "\(configuration.host):\(configuration.port)"
        let clientBox = MQTTClientReference()
        let acknowledgedSubscriptions = MQTTCounter()
        let refusal = MQTTRefusal()
        let acceptedConnections = MQTTCounter()
        var callbacks = MosquittoClient.Callbacks()
        callbacks.connected = { code in
            guard code == 0 else {
                let reason = "mqtt: \(endpoint) refused the connection: \(MosquittoClient.connackDescription(code))"
                // 3 (server unavailable) may pass; a bad protocol, client id, login or authorization will not.
                guard code != 3 else {
                    logger.warning("\(reason); retrying")
                    return
                }
                refusal.record(reason)
                clientBox.client?.disconnect()
                queue.finish()
                return
            }
            acceptedConnections.increment()
            logger.info("mqtt: connected", metadata: ["broker": "\(endpoint)", "subscriptions": "\(filters)"])
            for filter in filters {
                do {
                    try clientBox.client?.subscribe(filter, qos: 1)
                } catch {
                    logger.error("\(error)")
                }
            }
        }
        callbacks.subscribed = { acknowledgedSubscriptions.increment() }
        callbacks.error = { text in
            // A certificate the other side does not accept will not be accepted on the next attempt either.
            guard let detail = MQTTSubscription.certificateFailure(in: text) else {
                logger.warning("mqtt: \(text)", metadata: ["broker": "\(endpoint)"])
                return
            }
            refusal.record("mqtt: TLS with \(endpoint) failed: \(detail) (check cafile, certfile and keyfile)")
            // No disconnect here: libmosquitto holds its log lock during this callback and disconnecting logs
            // too. Ending the stream makes the source throw; closing it then stops the client.
            queue.finish()
        }
        let clientCertificate = configuration.certFile != nil
        let tls = configuration.caFile != nil
        callbacks.disconnected = { code in
            guard code != 0 else { return }
            // With TLS 1.3 the client's side of the handshake completes before the broker checks the client's
            // certificate, so a broker that rejects it (or requires one) closes the connection, and its alert does not
            // always reach libmosquitto's log first. A TLS connection lost before the broker ever accepted one is that
            // refusal: it will not be accepted on the next attempt either.
            if tls, acceptedConnections.value == 0 {
                let cause = clientCertificate
                    ? "it does not accept the client certificate (certfile and keyfile)"
                    : "it requires a client certificate (certificate required; set certfile and keyfile)"
                refusal.record("mqtt: TLS with \(endpoint) failed: the broker closed the connection after the TLS handshake, before accepting it: \(cause)")
                queue.finish()
                return
            }
            logger.warning("mqtt: connection lost, reconnecting", metadata: ["broker": "\(endpoint)"])
        }
        callbacks.message = { message in
            activity.touch()
            // Fails only once the queue was finished (stop, refusal, idle timeout): the message is then not wanted.
            try? queue.sendBlocking(contentsOf: [message])
        }
        let settings = MosquittoClient.Settings(
            host: configuration.host, port: configuration.port, clientID: configuration.clientID,
            cleanSession: configuration.cleanSession, keepalive: configuration.keepalive,
            username: configuration.username, password: configuration.password, caFile: configuration.caFile,
            certFile: configuration.certFile, keyFile: configuration.keyFile,
            reconnectDelay: configuration.reconnectDelay, maxInflight: 100, maxPayloadBytes: configuration.maxPayloadBytes)
        let client = try MosquittoClient(settings: settings, callbacks: callbacks)
        clientBox.client = client
        self.queue = queue
        self.client = client
        self.activity = activity
        self.acknowledgedSubscriptions = acknowledgedSubscriptions
        self.refusal = refusal
        self.subscriptionCount = filters.count
        if let idleTimeout = configuration.idleTimeout {
            idleWatch = Task {
                while !Task.isCancelled {
                    let remaining = activity.remaining(idleTimeout)
                    if remaining <= .zero {
                        queue.finish()
                        return
                    }
                    try? await Task.sleep(for: remaining)
                }
            }
        } else {
            idleWatch = nil
        }
        do {
            try client.start()
        } catch {
            // The first TLS handshake can fail inside the connect call; the error callback has the reason.
            if let reason = refusal.reason { throw MosquittoError.refused(reason) }
            throw error
        }
    }

    /// Waits until the broker has acknowledged every subscription of the first connection, or
    /// `timeout` has passed; returns whether it did. Messages published before that may not reach a
    /// session that the broker sees for the first time.
    public func waitUntilSubscribed(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while acknowledgedSubscriptions.value < subscriptionCount {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    deinit {
        idleWatch?.cancel()
    }

    /// Disconnects (the broker keeps the persistent session and queues messages meanwhile) and ends
    /// the sequence once the messages already received have been consumed.
    public func stop() {
        idleWatch?.cancel()
        queue.finish()
        client.stop()
    }

    /// The OpenSSL reason in a libmosquitto error line when it is about a certificate (verification
    /// failed, certificate required, unknown CA), e.g. "certificate verify failed"; nil otherwise.
    static func certificateFailure(in text: String) -> String? {
        guard text.hasPrefix("OpenSSL Error"), text.contains("certificate") || text.contains("unknown ca") else { return nil }
        return text.components(separatedBy: ":").last?.trimmingCharacters(in: .whitespaces) ?? text
    }

    /// Why the broker refused this client for good (bad login, not authorized, client id rejected),
    /// if it did; the stream has then ended.
    public var refused: String? { refusal.reason }

    /// The received messages in arrival order; they end at `stop`, the idle timeout or a refusal. Called once:
    /// a subscription has one consumer.
    public func messages() -> BackpressureQueue<MQTTMessage>.Elements {
        queue.elements()
    }
}
