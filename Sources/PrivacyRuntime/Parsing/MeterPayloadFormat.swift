/// How a meter's message payload is encoded (`format:` in the source's policy section).
public enum MeterPayloadFormat: String, Sendable, CaseIterable {
    /// `{"timestamp": "2026-01-01T00:05:00Z", "energy_wh": 12.5}`; `meter_id` and `region` may be
    /// given too, and must then agree with the topic.
    case json
    /// One or more lines `meter_id,region,timestamp,energy_wh`, or `timestamp,energy_wh` with meter
    /// and region taken from the topic; a header line is skipped.
    case csv
}
