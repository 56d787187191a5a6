import PrivacyRuntime

/// The topic scheme meters publish on: `{prefix}/{region}/{meter_id}`, e.g. `meters/north/m-0042`.
public enum MeterTopic {
    /// Whether `level` can be one topic level naming a region or meter: non-empty, no `/`, `+` or `#`.
    public static func isValidLevel(_ level: String) -> Bool {
        !level.isEmpty && !level.contains(where: { $0 == "/" || $0 == "+" || $0 == "#" })
    }

    /// Region and meter id: the last two levels of `topic`; nil if it has fewer than three levels.
    public static func parse(_ topic: String) -> (region: String, meterID: String)? {
        let levels = topic.split(separator: "/", omittingEmptySubsequences: false)
        guard levels.count >= 3, !levels[levels.count - 2].isEmpty, !levels[levels.count - 1].isEmpty else { return nil }
        return (String(levels[levels.count - 2]), String(levels[levels.count - 1]))
    }

    /// The filters to subscribe to. With a known region list and a filter of the form `prefix/#`,
    /// only `prefix/{region}/#` for the regions this shard owns; otherwise the filter itself (and the
    /// source drops messages of regions it does not own).
    public static func subscriptions(filter: String, regions: [String]?, shard: ShardAssignment) -> [String] {
        guard let regions, filter.hasSuffix("/#") else { return [filter] }
        let prefix = filter.dropLast(1)
        return regions.filter { shard.owns(region: $0) }.map { "\(prefix)\($0)/#" }
    }
}
