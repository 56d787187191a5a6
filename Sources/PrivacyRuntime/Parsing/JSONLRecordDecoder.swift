/// Turns JSON Lines (one object per line, e.g. `{"meter_id":"m1","region":"north","timestamp":"…","energy_wh":12.5}`)
/// into `SourceItem`s. The value may be a JSON number or a string holding a decimal, kept exact, or a value encrypted
/// at the meter (`{"v": "…", "e": 0, "key_id": "…"}`).
public struct JSONLRecordDecoder: Sendable {
    private let names: ColumnNames

    /// Creates a decoder that reads the given member names.
    public init(names: ColumnNames) {
        self.names = names
    }

    /// Decodes one line; problems become `.malformed` items that name the line and column.
    public func decode(_ line: String, position: SourcePosition) -> SourceItem {
        let members: FlatJSONObject.Members
        do {
            members = try FlatJSONObject.parse(line)
        } catch {
            return .malformed(RejectedReading(position: position, rawText: line, reason: .malformed, detail: error.description))
        }
        return ReadingFields(
            meterID: members[names.meterID]?.text, region: members[names.region]?.text,
            timestamp: members[names.timestamp]?.text, json: members[names.value],
            signature: members[names.signature]?.text
        ).item(names: names, position: position, rawText: line)
    }
}
