/// The rules that relate several policy fields; each is checked only when its fields are valid.
struct PolicyRules {
    /// The top-level entries, for locating the fields.
    let entries: [YAMLEntry]
    /// Where the policy starts.
    let root: SourceLocation
    /// Rules broken.
    private(set) var diagnostics: [Diagnostic] = []

    /// The shortest household window: finer totals reveal daily routines.
    static let minimumHouseholdWindow: Int64 = 15 * 60

    init(entries: [YAMLEntry], root: SourceLocation) {
        self.entries = entries
        self.root = root
    }

    mutating func check(scope: Scope?, window: PolicyDuration?, lateness: PolicyDuration?, retention: Retention,
                        readings: ReadingRules?) {
        if let window {
            let at = location("window")
            if window.seconds <= 0 {
                report("window must be longer than 0s", at: at)
            } else if 86_400 % window.seconds != 0 {
                report("window \(window) does not divide a day evenly (e.g. 15m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 1d)", at: at)
            }
            if scope == .household, window.seconds > 0, window.seconds < Self.minimumHouseholdWindow {
                report("household windows must be at least 15m, found \(window) (finer totals reveal daily routines)", at: at)
            }
            if let lateness, lateness >= window {
                report("lateness \(lateness) must be shorter than the window \(window)", at: location("lateness"))
            }
            if let kept = retention.aggregates, kept < window {
                let at = entries.first { $0.key == "retention" }?.value.mapping?.first { $0.key == "aggregates" }?.value.location ?? at
                report("retention.aggregates \(kept) must be at least the window \(window)", at: at)
            }
        }
        if let window, window.seconds > 0, let interval = readings?.interval, window.seconds % interval != 0 {
            report("readings.interval \(PolicyDuration(seconds: interval)) does not divide the window \(window)", at: readingsLocation("interval"))
        }
        if scope == .region, readings?.interval != nil, readingsEntry("min_coverage") != nil {
            report("readings.min_coverage applies to household windows only; a region window's meters are counted by min_meters", at: readingsLocation("min_coverage"))
        }
    }

    /// `min_meters` against the scope: a region needs 5 unless `allow_small_groups` gives a reason; a household
    /// window always has one meter.
    mutating func checkMinMeters(_ minMeters: Int, scope: Scope?, smallGroupsReason: String?, at: SourceLocation?,
                                 reasonAt: SourceLocation?) {
        guard let scope else { return }
        switch scope {
        case .region:
            guard let at else { return }
            if minMeters < 1 {
                report("region scope needs min_meters of at least 1, found \(minMeters)", at: at)
            } else if minMeters < Policy.standardRegionMinMeters, smallGroupsReason == nil {
                report("min_meters \(minMeters) is below \(Policy.standardRegionMinMeters): a region window of so few meters can expose a household; raise it, or give the reason in 'allow_small_groups: \"...\"' beside it", at: at)
            }
        case .household:
            if let at, minMeters != 1 {
                report("min_meters applies to region scope only; a household window always has one meter", at: at)
            }
            if let reasonAt {
                report("allow_small_groups applies to region scope only; a household window always has one meter", at: reasonAt)
            }
        }
    }

    private func readingsEntry(_ key: String) -> YAMLEntry? {
        entries.first { $0.key == "readings" }?.value.mapping?.first { $0.key == key }
    }

    private func readingsLocation(_ key: String) -> SourceLocation {
        readingsEntry(key)?.value.location ?? location("readings")
    }

    private func location(_ key: String) -> SourceLocation {
        let entry = entries.first { $0.key == key }
        return entry?.value.location ?? entry?.keyLocation ?? root
    }

    mutating func report(_ message: String, at location: SourceLocation) {
        diagnostics.append(.error(message, at: location))
    }
}
