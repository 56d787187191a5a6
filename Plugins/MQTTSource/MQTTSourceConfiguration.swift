import PrivacyRuntime

/// Everything the MQTT source needs: broker, session, subscription, payload format and sharding.
public struct MQTTSourceConfiguration: Sendable {
    /// Broker host.
    public var host: String
    /// Broker port (1883 plain, 8883 TLS by convention).
    public var port: Int
    /// Topic filter; meters publish on `{prefix}/{region}/{meter_id}`.
    public var topic: String
    /// Payload encoding.
    public var format: MeterPayloadFormat
    /// Client id; with a persistent session the broker keeps the subscription and queues QoS 1
    /// messages under this id while the instance is away, so it must be stable and unique per instance.
    public var clientID: String
    /// Whether the session starts clean. False (the default) keeps the session across reconnects.
    public var cleanSession: Bool
    /// Keepalive interval in seconds.
    public var keepalive: Int
    /// Broker login.
    public var username: String?
    /// Broker password (the policy layer substitutes `${VAR}`).
    public var password: String?
    /// CA certificate file; setting it (or `certFile`) turns TLS on.
    public var caFile: String?
    /// Client certificate file for mutual TLS.
    public var certFile: String?
    /// Client key file for mutual TLS.
    public var keyFile: String?
    /// Reconnect delay in seconds: starts at the lower bound, doubles up to the upper bound.
    public var reconnectDelay: ClosedRange<Int>
    /// Messages held between the network thread and the pipeline; when full, reading from the broker pauses.
    public var bufferCapacity: Int
    /// Payloads longer than this many bytes are rejected as `too_long` without being copied whole.
    public var maxPayloadBytes: Int
    /// End the stream after this long without a message (batch replays and tests); nil runs until stopped.
    public var idleTimeout: Duration?
    /// The regions the deployment has, if known: lets a shard subscribe to its own regions only.
    public var regions: [String]?
    /// The shard this instance is.
    public var shard: ShardAssignment

    /// Creates a configuration with the defaults of the policy section.
    public init(
        host: String = "127.0.0.1", port: Int = 1883, topic: String = "meters/#", format: MeterPayloadFormat = .json,
        clientID: String, cleanSession: Bool = false, keepalive: Int = 30,
        username: String? = nil, password: String? = nil, caFile: String? = nil, certFile: String? = nil,
        keyFile: String? = nil, reconnectDelay: ClosedRange<Int> = 1...30, bufferCapacity: Int = 10_000,
        maxPayloadBytes: Int = 1 << 16, idleTimeout: Duration? = nil, regions: [String]? = nil, shard: ShardAssignment = .all
    ) {
        self.host = host
        self.port = port
        self.topic = topic
        self.format = format
        self.clientID = clientID
        self.cleanSession = cleanSession
        self.keepalive = keepalive
        self.username = username
        self.password = password
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.reconnectDelay = reconnectDelay
        self.bufferCapacity = bufferCapacity
        self.maxPayloadBytes = maxPayloadBytes
        self.idleTimeout = idleTimeout
        self.regions = regions
        self.shard = shard
    }

    /// The topic filters this instance subscribes to.
    public var subscriptions: [String] {
        MeterTopic.subscriptions(filter: topic, regions: regions, shard: shard)
    }
}
