import PrivacyRuntime

/// One reading for `InMemorySource`, given as values rather than CSV text.
///
/// ```swift
/// TestReading(meterID: "m1", region: "north", timestamp: 1_704_067_200, energyWh: "12.345")
/// ```
public struct TestReading: Sendable, Hashable {
    /// The meter's identifier.
    public var meterID: String
    /// The meter's region.
    public var region: String
    /// Event time, seconds since the Unix epoch (UTC).
    public var timestamp: Int64
    /// The energy in Wh as decimal text, exactly as a meter would write it (e.g. `"12.345"`).
    public var energyWh: String

    /// Creates a reading.
    public init(meterID: String, region: String, timestamp: Int64, energyWh: String) {
        self.meterID = meterID
        self.region = region
        self.timestamp = timestamp
        self.energyWh = energyWh
    }
}
