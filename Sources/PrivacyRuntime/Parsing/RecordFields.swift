/// The four text fields of a reading, as found in a CSV row or JSON object, turned into a `SourceItem`.
struct RecordFields {
    var meterID: String?
    var region: String?
    var timestamp: String?
    var value: String?

    /// Validates the fields; a missing/empty field, a bad timestamp or a non-decimal value gives `.malformed`.
    func item(names: ColumnNames, position: SourcePosition, rawText: String) -> SourceItem {
        func reject(_ reason: RejectReason, _ detail: String) -> SourceItem {
            .malformed(RejectedReading(position: position, rawText: rawText, reason: reason, detail: detail))
        }
        for (text, name) in [(meterID, names.meterID), (region, names.region), (timestamp, names.timestamp), (value, names.value)]
        where text?.isEmpty ?? true {
            return reject(.missingField, "missing field '\(name)'")
        }
        let timestampText = timestamp!.trimmingSpaces
        guard let epoch = RFC3339.parse(timestampText) else {
            return reject(.badTimestamp, "'\(timestampText)' in '\(names.timestamp)' is not an RFC 3339 timestamp")
        }
        let valueText = value!.trimmingSpaces
        guard let decimal = ExactDecimal(valueText) else {
            return reject(.badNumber, "'\(valueText)' in '\(names.value)' is not a decimal number")
        }
        return .record(SourceRecord(
            meterID: meterID!.trimmingSpaces, region: region!.trimmingSpaces, timestamp: epoch,
            value: decimal, position: position, rawText: rawText))
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[first...last])
    }
}
