import Policy

extension Scope {
    /// The scope key of a reading: its meter id (household) or its region.
    public func key(meterID: String, region: String) -> String {
        self == .household ? meterID : region
    }
}
