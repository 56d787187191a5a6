/// One message as received from the broker.
public struct MQTTMessage: Sendable, Equatable {
    /// The topic it was published to, e.g. `meters/north/m-0042`.
    public var topic: String
    /// The raw payload bytes.
    public var payload: [UInt8]

    /// Creates a message.
    public init(topic: String, payload: [UInt8]) {
        self.topic = topic
        self.payload = payload
    }
}
