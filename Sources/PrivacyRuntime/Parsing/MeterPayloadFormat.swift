/// How a meter's message payload is encoded (`format:` in the source's policy section).
public enum MeterPayloadFormat: String, Sendable, CaseIterable {
    /// `{"timestamp": "2026-01-01T00:05:00Z", "energy_wh": 12.5}`; `meter_id` and `region` may be
    /// given too, and must then agree with the topic; `signature` carries the meter's signature.
    case json
    /// One or more lines `meter_id,region,timestamp,energy_wh`, whose meter and region must agree with the topic,
    /// or `timestamp,energy_wh` with meter and region taken from the topic; either may end with a `signature`
    /// column. A header line is skipped.
    case csv
}
