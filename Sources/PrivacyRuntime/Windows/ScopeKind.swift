/// What a window aggregates over: one household (meter) or one region. Mirrors the policy's `scope:`.
public enum ScopeKind: String, Sendable, Hashable, Codable {
    /// One window per meter.
    case household
    /// One window per region; released only with at least `min_meters` distinct meters.
    case region

    /// The scope key of a reading: its meter id or its region.
    public func key(meterID: String, region: String) -> String {
        self == .household ? meterID : region
    }
}
