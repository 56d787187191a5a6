import PrivacyRuntime

extension MQTTPublisher: MeterMessagePublisher {
    /// Region and meter id are topic levels.
    public var levelRule: String { "non-empty and contain no '/', '+' or '#'" }

    /// Whether `level` can be one topic level (`MeterTopic.isValidLevel`).
    public func isValidLevel(_ level: String) -> Bool { MeterTopic.isValidLevel(level) }

    /// Publishes with QoS 1 on `{prefix}/{region}/{meterID}`.
    public func publish(prefix: String, region: String, meterID: String, payload: [UInt8]) throws {
        try publish(topic: "\(prefix)/\(region)/\(meterID)", payload: payload)
    }
}
