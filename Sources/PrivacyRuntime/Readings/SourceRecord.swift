/// One reading as a source parsed it, before any policy looked at it: the value is still exact decimal text, or the
/// ciphertext the meter made of it.
///
/// `rawText` is kept only so that, if a policy rejects the record, its rejects file can carry the line's
/// HMAC under the runtime key (the text itself is never written); the admission step empties it once every
/// policy has decided (`SourceItem.dropRawText()`). It is a Swift String, so it is freed without being wiped.
public struct SourceRecord: Sendable {
    /// The meter's identifier.
    public var meterID: String
    /// The meter's region.
    public var region: String
    /// Event time, seconds since the Unix epoch (UTC).
    public var timestamp: Int64
    /// The energy reading in Wh exactly as written, or encrypted at the meter.
    public var reading: ReadingValue
    /// Where the record was read.
    public var position: SourcePosition
    /// The input line as read, for the HMAC of a reject.
    public var rawText: String
    /// The meter's Ed25519 signature over (meter id, timestamp, value or ciphertext), base64url, as the reading carried it; nil
    /// when it carried none. Checked only by a policy with a meter registry (`MeterRegistry.ReadingSignature`).
    public var signature: String?

    /// Creates a record of a plain value.
    public init(meterID: String, region: String, timestamp: Int64, value: ExactDecimal, position: SourcePosition, rawText: String,
                signature: String? = nil) {
        self.init(meterID: meterID, region: region, timestamp: timestamp, reading: .plain(value), position: position,
                  rawText: rawText, signature: signature)
    }

    /// Creates a record of a plain or encrypted value.
    public init(meterID: String, region: String, timestamp: Int64, reading: ReadingValue, position: SourcePosition,
                rawText: String, signature: String? = nil) {
        self.meterID = meterID
        self.region = region
        self.timestamp = timestamp
        self.reading = reading
        self.position = position
        self.rawText = rawText
        self.signature = signature
    }
}

extension SourceRecord {
    /// The plain value in Wh; nil for a reading encrypted at the meter.
    public var value: ExactDecimal? {
        if case .plain(let value) = reading { value } else { nil }
    }
}
