/// One message as received from the broker.
public struct MQTTMessage: Sendable, Equatable {
    /// The topic it was published to, e.g. `meters/north/m-0042`.
    public var topic: String
    /// The raw payload bytes; of a payload over the limit, only its first `shownBytes`.
    public var payload: [UInt8]
    /// The payload's size as received; more than `payload.count` when it was over the limit.
    public var receivedBytes: Int

    /// How much of a payload over the limit a message keeps, for the rejects file.
    public static let shownBytes = 200

    /// Creates a message whose payload is complete.
    public init(topic: String, payload: [UInt8]) {
        self.topic = topic
        self.payload = payload
        self.receivedBytes = payload.count
    }

    /// A message from `count` payload bytes at `bytes`: copied when at most `limit`, otherwise only the first
    /// `shownBytes` are, so an oversized payload is never copied whole.
    public init(topic: String, bytes: UnsafeRawBufferPointer, limit: Int) {
        self.topic = topic
        self.receivedBytes = bytes.count
        self.payload = Array(bytes.count > limit ? UnsafeRawBufferPointer(rebasing: bytes.prefix(Self.shownBytes)) : bytes)
    }

    /// Whether the payload was over the limit and cut.
    public var isOversized: Bool { receivedBytes > payload.count }
}
