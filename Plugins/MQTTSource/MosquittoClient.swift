import CMosquitto
import Foundation

/// The only code that touches libmosquitto's C API: one client handle, its network thread and its
/// callbacks, bridged to Swift closures.
///
/// Callbacks run on libmosquitto's network thread (`mosquitto_loop_start`); they must return quickly
/// or block deliberately (the message callback blocks to apply backpressure to the broker).
final class MosquittoClient: @unchecked Sendable {
    /// The Swift side of libmosquitto's callbacks; set once, before the network thread starts.
    struct Callbacks: Sendable {
        /// A CONNACK arrived; the argument is the MQTT connect return code (0 = accepted).
        var connected: @Sendable (Int32) -> Void = { _ in }
        /// The connection was lost (or closed by `disconnect`, then the code is 0).
        var disconnected: @Sendable (Int32) -> Void = { _ in }
        /// A message arrived (its payload cut at `Settings.maxPayloadBytes`).
        var message: @Sendable (MQTTMessage) -> Void = { _ in }
        /// The broker acknowledged the outgoing message with this id (PUBACK for QoS 1).
        var published: @Sendable (Int32) -> Void = { _ in }
        /// The broker acknowledged a subscription (SUBACK).
        var subscribed: @Sendable () -> Void = {}
        /// libmosquitto logged an error (e.g. `OpenSSL Error[0]: ...` when a TLS handshake fails).
        var error: @Sendable (String) -> Void = { _ in }
    }

    /// Connection settings shared by the source and the publisher.
    struct Settings: Sendable {
        var host: String
        var port: Int
        var clientID: String?
        var cleanSession: Bool
        var keepalive: Int
        var username: String?
        var password: String?
        var caFile: String?
        var certFile: String?
        var keyFile: String?
        var reconnectDelay: ClosedRange<Int>
        var maxInflight: Int
        /// Payloads longer than this are passed on cut (`MQTTMessage.isOversized`), never copied whole.
        var maxPayloadBytes: Int
    }

    private let handle: OpaquePointer
    private let callbacks: Callbacks
    private let settings: Settings
    private var loopRunning = false

    private static let libraryInitialized: Bool = {
        mosquitto_lib_init()
        return true
    }()

    /// Creates a client handle and applies credentials, TLS, reconnect backoff and the in-flight window.
    init(settings: Settings, callbacks: Callbacks) throws {
        _ = Self.libraryInitialized
        self.settings = settings
        self.callbacks = callbacks
        guard let handle = mosquitto_new(settings.clientID, settings.cleanSession, nil) else {
            throw MosquittoError.invalidSettings(settings.clientID == nil && !settings.cleanSession
                ? "mqtt: a persistent session (clean_session false) needs a client_id"
                : "mqtt: could not create a client (out of memory or invalid client id)")
        }
        self.handle = handle
        mosquitto_user_data_set(handle, Unmanaged.passUnretained(self).toOpaque())
        do {
            try configure()
        } catch {
            mosquitto_destroy(handle)
            throw error
        }
    }

    deinit {
        if loopRunning { mosquitto_loop_stop(handle, true) }
        mosquitto_destroy(handle)
    }

    private func configure() throws {
        try MosquittoError.check(mosquitto_int_option(handle, MOSQ_OPT_PROTOCOL_VERSION, Int32(MQTT_PROTOCOL_V311)), "setting protocol version")
        if let username = settings.username {
            try MosquittoError.check(mosquitto_username_pw_set(handle, username, settings.password), "setting username and password")
        }
        if settings.caFile != nil || settings.certFile != nil {
            try MosquittoError.check(
                mosquitto_tls_set(handle, settings.caFile, nil, settings.certFile, settings.keyFile, nil), "setting up TLS")
        }
        try MosquittoError.check(
            mosquitto_reconnect_delay_set(
                handle, UInt32(settings.reconnectDelay.lowerBound), UInt32(settings.reconnectDelay.upperBound), true),
            "setting the reconnect delay")
        try MosquittoError.check(mosquitto_max_inflight_messages_set(handle, UInt32(settings.maxInflight)), "setting max in-flight messages")
        mosquitto_connect_callback_set(handle) { _, object, code in
            MosquittoClient.from(object)?.callbacks.connected(code)
        }
        mosquitto_disconnect_callback_set(handle) { _, object, code in
            MosquittoClient.from(object)?.callbacks.disconnected(code)
        }
        mosquitto_publish_callback_set(handle) { _, object, mid in
            MosquittoClient.from(object)?.callbacks.published(mid)
        }
        mosquitto_subscribe_callback_set(handle) { _, object, _, _, _ in
            MosquittoClient.from(object)?.callbacks.subscribed()
        }
        mosquitto_log_callback_set(handle) { _, object, level, text in
            guard level == MOSQ_LOG_ERR, let text else { return }
            MosquittoClient.from(object)?.callbacks.error(String(cString: text))
        }
        mosquitto_message_callback_set(handle) { _, object, message in
            guard let client = MosquittoClient.from(object), let message, let topic = message.pointee.topic else { return }
            let length = Int(message.pointee.payloadlen)
            let bytes = UnsafeRawBufferPointer(start: length > 0 ? message.pointee.payload : nil, count: length > 0 ? length : 0)
            client.callbacks.message(MQTTMessage(topic: String(cString: topic), bytes: bytes, limit: client.settings.maxPayloadBytes))
        }
    }

    private static func from(_ object: UnsafeMutableRawPointer?) -> MosquittoClient? {
        guard let object else { return nil }
        return Unmanaged<MosquittoClient>.fromOpaque(object).takeUnretainedValue()
    }

    /// Starts the network thread and the first connection attempt. If the broker cannot be reached
    /// yet, the thread keeps retrying with the configured backoff, so this only fails on bad settings.
    func start() throws {
        try MosquittoError.check(mosquitto_loop_start(handle), "starting the network thread")
        loopRunning = true
        let code = mosquitto_connect_async(handle, settings.host, Int32(settings.port), Int32(settings.keepalive))
        if code != Int32(MOSQ_ERR_SUCCESS.rawValue) && code != Int32(MOSQ_ERR_ERRNO.rawValue) {
            throw MosquittoError("connecting to \(settings.host):\(settings.port)", code: code)
        }
    }

    /// Subscribes to `filter` with `qos`; call from the connected callback so that a reconnect
    /// renews the subscriptions.
    func subscribe(_ filter: String, qos: Int32) throws {
        try MosquittoError.check(mosquitto_subscribe(handle, nil, filter, qos), "subscribing to '\(filter)'")
    }

    /// Queues a message; with QoS 1 libmosquitto keeps it until the broker acknowledges it, resending
    /// after a reconnect. Returns the message id that `published` will report.
    func publish(topic: String, payload: [UInt8], qos: Int32) throws -> Int32 {
        var mid: Int32 = 0
        let code = payload.withUnsafeBytes { bytes in
            mosquitto_publish(handle, &mid, topic, Int32(bytes.count), bytes.baseAddress, qos, false)
        }
        // NO_CONN: queued, sent once the network thread has reconnected.
        if code != Int32(MOSQ_ERR_SUCCESS.rawValue) && code != Int32(MOSQ_ERR_NO_CONN.rawValue) {
            throw MosquittoError("publishing to '\(topic)'", code: code)
        }
        return mid
    }

    /// Sends DISCONNECT without stopping the network thread, which then ends by itself; the one
    /// call allowed inside a callback.
    func disconnect() {
        mosquitto_disconnect(handle)
    }

    /// Sends DISCONNECT (a persistent session stays on the broker) and stops the network thread.
    func stop() {
        mosquitto_disconnect(handle)
        if loopRunning {
            mosquitto_loop_stop(handle, false)
            loopRunning = false
        }
    }

    /// Human-readable text for a CONNACK return code.
    static func connackDescription(_ code: Int32) -> String {
        String(cString: mosquitto_connack_string(code))
    }
}
