/// The field names a CSV header or JSON object uses for the four parts of a reading and its optional signature;
/// configurable per source.
public struct ColumnNames: Sendable, Hashable {
    /// The meter id field, `meter_id` by default.
    public var meterID: String
    /// The region field, `region` by default.
    public var region: String
    /// The RFC 3339 event time field, `timestamp` by default.
    public var timestamp: String
    /// The energy (Wh) field, `energy_wh` by default.
    public var value: String
    /// The optional field with the meter's signature over the reading, `signature` by default.
    public var signature: String

    /// The canonical names: `meter_id,region,timestamp,energy_wh` (and `signature` when present).
    public static let canonical = ColumnNames(meterID: "meter_id", region: "region", timestamp: "timestamp", value: "energy_wh")

    /// Creates a set of names.
    public init(meterID: String, region: String, timestamp: String, value: String, signature: String = "signature") {
        self.meterID = meterID
        self.region = region
        self.timestamp = timestamp
        self.value = value
        self.signature = signature
    }
}
