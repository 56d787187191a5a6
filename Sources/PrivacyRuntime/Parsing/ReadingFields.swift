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
    public var encryptedValue: FlatJSONObject.Members?

    /// Fields as found; nil for a field that is absent.
    public init(meterID: String?, region: String?, timestamp: String?, value: String?, signature: String? = nil,
                encryptedValue: FlatJSONObject.Members? = nil) {
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
        var encrypted: FlatJSONObject.Members?
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
        func missing(_ name: String) -> SourceItem { reject(.missingField, "missing field '\(name)'") }
        func controlCharacter(_ name: String) -> SourceItem { reject(.badIdentifier, "'\(name)' contains a control character") }
        // Each field is trimmed once, and the checks run field by field in the order above (the first problem is the
        // reason), without building arrays of fields per reading.
        guard let meterID = meterID?.trimmingSpaces, !meterID.isEmpty else { return missing(names.meterID) }
        guard let region = region?.trimmingSpaces, !region.isEmpty else { return missing(names.region) }
        guard let timestampText = timestamp?.trimmingSpaces, !timestampText.isEmpty else { return missing(names.timestamp) }
        var valueText = ""  // read only when there is no encrypted value
        if encryptedValue == nil {
            guard let text = value?.trimmingSpaces, !text.isEmpty else { return missing(names.value) }
            valueText = text
        }
        if meterID.containsControlCharacter { return controlCharacter(names.meterID) }
        if region.containsControlCharacter { return controlCharacter(names.region) }
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
            guard let decimal = ExactDecimal(valueText) else {
                return reject(.badNumber, "'\(RejectedReading.maskingDigits(valueText))' in '\(names.value)' is not a decimal number")
            }
            reading = .plain(decimal)
        }
        return .record(SourceRecord(
            meterID: meterID, region: region, timestamp: epoch,
            reading: reading, position: position, rawText: rawText,
            signature: signature.map(\.trimmingSpaces).flatMap { $0.isEmpty ? nil : $0 }))
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs; the string itself (no copy) when it has none.
    /// Read as UTF-8 bytes in place: a space or a tab is one byte that is never part of another character's bytes.
    var trimmingSpaces: String {
        var text = self
        return text.withUTF8 { bytes in
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
            var start = 0
            var end = bytes.count
            while start < end, isSpace(bytes[start]) { start += 1 }
            while end > start, isSpace(bytes[end - 1]) { end -= 1 }
            if start == 0, end == bytes.count { return self }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    /// True when the string has a control character (general category Cc: U+0000–U+001F and U+007F–U+009F, fixed
    /// since Unicode 1.1), decided from its UTF-8 bytes in place instead of the Unicode property tables: U+0000–U+001F
    /// and U+007F are single bytes below 0x80, U+0080–U+009F are 0xC2 followed by 0x80–0x9F (0xC2 is only ever a
    /// character's first byte).
    var containsControlCharacter: Bool {
        var text = self
        return text.withUTF8 { bytes in
            for index in bytes.indices {
                let byte = bytes[index]
                if byte < 0x20 || byte == 0x7F { return true }
                if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) { return true }
            }
            return false
        }
    }
}
