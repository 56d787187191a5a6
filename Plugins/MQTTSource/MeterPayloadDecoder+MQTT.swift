import PrivacyRuntime

extension MeterPayloadDecoder {
    /// The items of `message`, the `sequence`-th message received (its position's line), with meter and region
    /// from its topic.
    func decode(_ message: MQTTMessage, sequence: Int) -> [SourceItem] {
        decode(
            payload: message.payload, receivedBytes: message.receivedBytes, address: MeterTopic.parse(message.topic),
            position: SourcePosition(source: "mqtt:\(message.topic)", line: sequence))
    }
}
