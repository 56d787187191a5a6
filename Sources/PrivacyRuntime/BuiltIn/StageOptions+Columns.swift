import Policy

extension StageOptions {
    /// The `columns:` mapping of the line sources (keys `meter_id`, `region`, `timestamp`, `energy_wh`, `signature`),
    /// over the canonical names; unknown keys inside it are reported.
    mutating func columnNames() -> ColumnNames {
        guard let map = stringMap("columns") else { return .canonical }
        let canonical = ColumnNames.canonical
        let known = [canonical.meterID, canonical.region, canonical.timestamp, canonical.value, canonical.signature]
        for key in map.keys.sorted() where !known.contains(key) {
            error("unknown column role '\(key)' in 'columns' (expected: \(known.joined(separator: ", ")))", at: "columns")
        }
        return ColumnNames(
            meterID: map[canonical.meterID] ?? canonical.meterID, region: map[canonical.region] ?? canonical.region,
            timestamp: map[canonical.timestamp] ?? canonical.timestamp, value: map[canonical.value] ?? canonical.value,
            signature: map[canonical.signature] ?? canonical.signature)
    }
}
