/// The four text fields of a reading, as a source found them (a CSV row, a JSON object, a broker message, a
/// test's values), and the one validator every source uses to turn them into a `SourceItem`, so that the same
/// problem gets the same reason whatever the format.
public struct ReadingFields: Sendable {
    /// The meter id as written.
    public var meterID: String?
    /// The region as written.
    public var region: String?
    /// The timestamp as written (RFC 3339).
    public var timestamp: String?
    /// The energy value as written (a plain decimal number of Wh).
    public var value: String?
    /// The meter's signature as written (base64url), when the reading carries one; optional.
    public var signature: String?
    /// The members of the value when it is a JSON object: a value encrypted at the meter (`MeterCiphertext`), read
    /// instead of `value`.
    public var encryptedValue: [String: FlatJSONObject.Value]?

    /// Fields as found; nil for a field that is absent.
    public init(meterID: String?, region: String?, timestamp: String?, value: String?, signature: String? = nil,
                encryptedValue: [String: FlatJSONObject.Value]? = nil) {
        self.meterID = meterID
        self.region = region
        self.timestamp = timestamp
        self.value = value
        self.signature = signature
        self.encryptedValue = encryptedValue
    }

    /// Fields from a JSON object's members (a JSON Lines line, a broker message's payload): the value is a number or
    /// a decimal string, or an object (a value encrypted at the meter).
    public init(meterID: String?, region: String?, timestamp: String?, json value: FlatJSONObject.Value?, signature: String?) {
        var encrypted: [String: FlatJSONObject.Value]?
        if case .object(let members)? = value { encrypted = members }
        self.init(meterID: meterID, region: region, timestamp: timestamp, value: value?.text, signature: signature,
                  encryptedValue: encrypted)
    }

    /// Validates the fields: a missing field, or one empty after trimming spaces, is `missing_field`; a meter id or
    /// region with a control character `bad_id`; a timestamp that is not RFC 3339 `bad_timestamp`; a value that
    /// is not a plain decimal `bad_number`, an encrypted value not of `MeterCiphertext`'s form `bad_ciphertext`;
    /// otherwise a record. A detail quoting a field has its digits masked.
    public func item(names: ColumnNames = .canonical, position: SourcePosition, rawText: String) -> SourceItem {
        func reject(_ reason: RejectReason, _ detail: String) -> SourceItem {
            .malformed(RejectedReading(position: position, rawText: rawText, reason: reason, detail: detail))
        }
        let plainValue = encryptedValue == nil ? value : "encrypted"
        for (text, name) in [(meterID, names.meterID), (region, names.region), (timestamp, names.timestamp), (plainValue, names.value)]
        where text?.trimmingSpaces.isEmpty ?? true {
            return reject(.missingField, "missing field '\(name)'")
        }
        for (text, name) in [(meterID!.trimmingSpaces, names.meterID), (region!.trimmingSpaces, names.region)]
        where text.unicodeScalars.contains(where: \.isControlCharacter) {
            return reject(.badIdentifier, "'\(name)' contains a control character")
        }
        let timestampText = timestamp!.trimmingSpaces
        guard let epoch = RFC3339.parse(timestampText) else {
            return reject(.badTimestamp, "'\(RejectedReading.maskingDigits(timestampText))' in '\(names.timestamp)' is not an RFC 3339 timestamp")
        }
        let reading: ReadingValue
        if let encryptedValue {
            do {
                reading = .encrypted(try MeterCiphertext(members: encryptedValue))
            } catch {
                return reject(.badCiphertext, "'\(names.value)': \(error)")
            }
        } else {
            let valueText = value!.trimmingSpaces
            guard let decimal = ExactDecimal(valueText) else {
                return reject(.badNumber, "'\(RejectedReading.maskingDigits(valueText))' in '\(names.value)' is not a decimal number")
            }
            reading = .plain(decimal)
        }
        return .record(SourceRecord(
            meterID: meterID!.trimmingSpaces, region: region!.trimmingSpaces, timestamp: epoch,
            reading: reading, position: position, rawText: rawText,
            signature: signature.map(\.trimmingSpaces).flatMap { $0.isEmpty ? nil : $0 }))
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs; the string itself (no copy) when it has none.
    var trimmingSpaces: String {
        let bytes = utf8
        if let first = bytes.first, let last = bytes.last, first != 0x20, first != 0x09, last != 0x20, last != 0x09 { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[first...last])
    }
}

extension Unicode.Scalar {
    /// A control character (general category Cc: U+0000–U+001F and U+007F–U+009F, fixed since Unicode 1.1), decided
    /// from the value alone instead of the Unicode property tables.
    var isControlCharacter: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }
}
