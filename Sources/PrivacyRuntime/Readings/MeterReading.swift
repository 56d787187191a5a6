/// A reading accepted by a policy: the value is an integer in the policy's resolution (`12.345` Wh at 0.001 is 12345).
/// It lives only between parsing and encryption; it never reaches a sink.
public struct MeterReading: Sendable {
    /// The meter's identifier.
    public var meterID: String
    /// The meter's region.
    public var region: String
    /// Event time, seconds since the Unix epoch.
    public var timestamp: Int64
    /// The value in units of the policy's resolution.
    public var value: Int64
    /// Where the reading was read.
    public var position: SourcePosition

    /// Creates a reading.
    public init(meterID: String, region: String, timestamp: Int64, value: Int64, position: SourcePosition) {
        self.meterID = meterID
        self.region = region
        self.timestamp = timestamp
        self.value = value
        self.position = position
    }
}
