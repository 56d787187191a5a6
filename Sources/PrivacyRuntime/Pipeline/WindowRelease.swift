import Policy

/// A policy's release step: for each closed window, suppression (fewer than `min_meters` meters, or a household
/// window covering less than `min_coverage` of its intervals) or sealing, then the sealed aggregates to every sink;
/// records suppressions and discards in the purge log.
final class WindowRelease {
    private let policy: Policy
    /// The household coverage rule, when the policy declares `readings.interval`.
    private let coverage: CoverageRule?
    /// The policy's sinks, each with a label for error messages.
    let sinks: [(label: String, sink: any AggregateSink)]
    private let purgeLog: PurgeLog
    /// Windows sealed and written to the sinks so far.
    private(set) var released = 0
    /// Windows suppressed so far (for either rule).
    private(set) var suppressed = 0
    /// Of those, windows suppressed for covering less than `min_coverage` of their intervals.
    private(set) var belowCoverage = 0
    /// Windows dropped unreleased at shutdown.
    private(set) var discarded = 0

    /// Aggregates sealed and written together, so closing many windows at once (every household's window at the
    /// same boundary) never holds a sealed copy of all of them.
    static let chunkSize = 1024

    init(policy: Policy, sinks: [(label: String, sink: any AggregateSink)], purgeLog: PurgeLog) {
        self.policy = policy
        self.coverage = CoverageRule(policy: policy)
        self.sinks = sinks
        self.purgeLog = purgeLog
    }

    /// Why the policy's own rules withhold `window` (nil: it may be released): fewer than `min_meters` meters, or a
    /// household window covering less than `min_coverage` of its intervals.
    func suppressionReason(_ window: OpenWindow<any WindowAccumulator>) -> String? {
        ownSuppression(window)?.reason
    }

    /// Seals `windows`: those the policy's rules and `withheld` (reasons by window, from the joint release) let pass
    /// go to the sinks, `chunkSize` at a time; the others are suppressed and the suppression recorded.
    func release(_ windows: [OpenWindow<any WindowAccumulator>], now: Int64,
                 withheld: [ObjectIdentifier: String] = [:]) async throws {
        var aggregates: [WindowAggregate] = []
        for window in windows {
            let own = ownSuppression(window)
            if let reason = own?.reason ?? withheld[ObjectIdentifier(window)] {
                if own?.isBelowCoverage == true { belowCoverage += 1 }
                try suppress(window, reason: reason, now: now)
                continue
            }
            aggregates.append(WindowAggregate(
                policy: policy.name, scope: policy.scope, scopeKey: window.scopeKey, windowStart: window.start,
                windowEnd: window.end, readings: window.readings, meters: window.meters,
                ciphertext: window.payload.sealed(), decimalPlaces: policy.readings.decimalPlaces))
            if aggregates.count == Self.chunkSize {
                try await write(aggregates)
                aggregates.removeAll(keepingCapacity: true)
            }
        }
        try await write(aggregates)
    }

    /// Drops `windows` unreleased (shutdown with `on_shutdown: discard`) and records it.
    func discard(_ windows: [OpenWindow<any WindowAccumulator>], now: Int64) throws {
        guard !windows.isEmpty else { return }
        discarded += windows.count
        try purgeLog.record(PurgeEntry(
            action: .windowsDiscarded, at: now, count: windows.count, policy: policy.name,
            detail: "open windows dropped at shutdown (\(windows.reduce(0) { $0 + $1.readings }) readings); meters can resend"))
    }

    private func ownSuppression(_ window: OpenWindow<any WindowAccumulator>) -> (reason: String, isBelowCoverage: Bool)? {
        guard window.meters >= policy.minMeters else {
            return ("\(window.meters) meters, fewer than min_meters \(policy.minMeters)", false)
        }
        return coverage?.shortfall(of: window).map { ($0, true) }
    }

    private func suppress(_ window: OpenWindow<any WindowAccumulator>, reason: String, now: Int64) throws {
        suppressed += 1
        try purgeLog.record(PurgeEntry(
            action: .windowSuppressed, at: now, count: window.readings, policy: policy.name,
            detail: "\(policy.scope.rawValue) '\(window.scopeKey)' \(RFC3339.format(window.start))–\(RFC3339.format(window.end)): \(reason); aggregate dropped"))
    }

    private func write(_ aggregates: [WindowAggregate]) async throws {
        guard !aggregates.isEmpty else { return }
        for (_, sink) in sinks { try await sink.write(aggregates) }
        released += aggregates.count
    }
}
