import Foundation

/// Publishes messages with QoS 1 and waits until the broker has acknowledged every one.
///
/// At most `window` messages are unacknowledged at a time, so replaying a large file uses bounded
/// memory; libmosquitto resends unacknowledged messages after a reconnect, so a broker restart
/// during a replay loses nothing (the client uses a persistent session).
public final class MQTTPublisher: @unchecked Sendable {
    private let condition = NSCondition()
    private var unacknowledged = Set<Int32>()
    /// Acknowledgements that arrived before `publish` had recorded the id.
    private var earlyAcknowledgements = Set<Int32>()
    private var acknowledgedCount = 0
    private var client: MosquittoClient!
    private let window: Int
    private let stallTimeout: TimeInterval
    private let endpoint: String

    /// Connects (in the background, retrying with backoff) to the broker at `host:port`.
    /// `stallTimeout` is how long `finish` waits without any acknowledgement before giving up.
    public init(
        host: String, port: Int, clientID: String = "privacy-runtime-publish-\(ProcessInfo.processInfo.processIdentifier)",
        username: String? = nil, password: String? = nil, caFile: String? = nil,
        window: Int = 500, stallTimeout: TimeInterval = 60
    ) throws {
        self.window = window
        self.stallTimeout = stallTimeout
        self.endpoint = "\(host):\(port)"
        let settings = MosquittoClient.Settings(
            host: host, port: port, clientID: clientID, cleanSession: false, keepalive: 30,
            username: username, password: password, caFile: caFile, certFile: nil, keyFile: nil,
            reconnectDelay: 1...5, maxInflight: window, maxPayloadBytes: 1 << 16)
        var callbacks = MosquittoClient.Callbacks()
        callbacks.published = { [weak self] mid in self?.acknowledge(mid) }
        client = try MosquittoClient(settings: settings, callbacks: callbacks)
        try client.start()
    }

    /// Number of messages the broker has acknowledged so far.
    public var acknowledged: Int {
        condition.lock()
        defer { condition.unlock() }
        return acknowledgedCount
    }

    /// Queues one QoS 1 message, blocking while `window` messages are unacknowledged.
    public func publish(topic: String, payload: [UInt8]) throws {
        condition.lock()
        do {
            try waitWhile { unacknowledged.count >= window }
        } catch {
            condition.unlock()
            throw error
        }
        condition.unlock()
        // Not under our lock: libmosquitto's network thread holds its own locks while it calls back.
        let mid = try client.publish(topic: topic, payload: payload, qos: 1)
        condition.lock()
        if earlyAcknowledgements.remove(mid) != nil {
            acknowledgedCount += 1
        } else {
            unacknowledged.insert(mid)
        }
        condition.unlock()
    }

    /// Waits until every published message is acknowledged, then disconnects.
    public func finish() throws {
        condition.lock()
        do {
            try waitWhile { !unacknowledged.isEmpty }
            condition.unlock()
        } catch {
            condition.unlock()
            client.stop()
            throw error
        }
        client.stop()
    }

    /// Waits (lock held) while `blocked` is true; fails if no acknowledgement arrives for `stallTimeout`.
    private func waitWhile(_ blocked: () -> Bool) throws {
        var lastProgress = acknowledgedCount
        var deadline = Date().addingTimeInterval(stallTimeout)
        while blocked() {
            if !condition.wait(until: deadline) {
                guard acknowledgedCount != lastProgress else {
                    throw MosquittoError.noAcknowledgement(
                        "mqtt: no acknowledgement from \(endpoint) for \(Int(stallTimeout)) s; \(unacknowledged.count) message(s) unacknowledged")
                }
            }
            if acknowledgedCount != lastProgress {
                lastProgress = acknowledgedCount
                deadline = Date().addingTimeInterval(stallTimeout)
            }
        }
    }

    private func acknowledge(_ mid: Int32) {
        condition.lock()
        if unacknowledged.remove(mid) != nil {
            acknowledgedCount += 1
        } else {
            earlyAcknowledgements.insert(mid)
        }
        condition.broadcast()
        condition.unlock()
    }
}
