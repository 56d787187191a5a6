import Paillier
import Policy
import RuntimeKeys

/// A policy's release step: for each closed window, suppression (fewer than `min_meters` meters, a household window
/// covering less than `min_coverage` of its intervals, readings a restart may have lost as `release.incomplete`
/// says, or withheld by the joint release) or sealing, then the sealed aggregates to every sink, then the release
/// point saved; records suppressions and discards in the purge log. With a runtime key, every released aggregate is
/// signed with its Ed25519 half, so the key holder can tell a row changed or forged in the database. With `noise:`,
/// `min_meters` decides on the noisy meter count, the released counts are noisy, the sum's noise is folded into the
/// ciphertext before it is signed, and the budget spent is recorded in the purge log.
final class WindowRelease {
    private let policy: Policy
    /// The household coverage rule, when the policy declares `readings.interval`.
    private let coverage: CoverageRule?
    /// The policy's sinks, each with a label for error messages.
    let sinks: [(label: String, sink: any AggregateSink)]
    private let purgeLog: PurgeLog
    /// The policy's runtime key, which signs each released aggregate; nil when the policy names none.
    private let signer: RuntimeKey?
    /// The policy's noise (`noise:`); nil releases exact sums and counts.
    private let noise: WindowNoise?
    /// The policy's release point.
    let releases: ReleaseTracker
    /// Windows sealed and written to the sinks so far.
    private(set) var released = 0
    /// Windows suppressed so far (for any reason).
    private(set) var suppressed = 0
    /// Of those, windows suppressed for covering less than `min_coverage` of their intervals.
    private(set) var belowCoverage = 0
    /// Windows dropped unreleased at shutdown.
    private(set) var discarded = 0
    /// Windows a restart may have left partial, suppressed or marked (`release.incomplete`).
    private(set) var incomplete = 0

    /// Aggregates sealed and written together, so closing many windows at once (every household's window at the
    /// same boundary) never holds a sealed copy of all of them.
    static let chunkSize = 1024

    /// Why the policy's own rules withhold a window.
    private enum Withholding {
        case fewMeters(Int), belowCoverage(String), partial

        func reason(_ policy: Policy) -> String {
            switch self {
            case .fewMeters(let meters): "\(meters) meters\(policy.noise == nil ? "" : " (noisy count)"), fewer than min_meters \(policy.minMeters)"
            case .belowCoverage(let shortfall): shortfall
            case .partial: "readings may be lost: it was open when the runtime stopped before releasing it (the source does not replay), or it starts before the release point (the window length changed); release.incomplete: suppress"
            }
        }
    }

    init(policy: Policy, sinks: [(label: String, sink: any AggregateSink)], purgeLog: PurgeLog, releases: ReleaseTracker,
         signer: RuntimeKey? = nil, noise: WindowNoise? = nil) {
        self.policy = policy
        self.signer = signer
        self.noise = noise
        self.coverage = CoverageRule(policy: policy)
        self.sinks = sinks
        self.purgeLog = purgeLog
        self.releases = releases
    }

    /// Why the policy's own rules withhold `window` (nil: it may be released): fewer than `min_meters` meters, a
    /// household window covering less than `min_coverage` of its intervals, or one a restart may have left partial
    /// when `release.incomplete` is `suppress`.
    func suppressionReason(_ window: OpenWindow<any WindowAccumulator>) -> String? {
        withholding(window, partial: mayBePartial(window))?.reason(policy)
    }

    /// Seals `windows`: those the policy's rules and `withheld` (reasons by window, from the joint release) let pass
    /// go to the sinks, `chunkSize` at a time; the others are suppressed and the suppression recorded. A window a
    /// restart may have left partial is suppressed or marked incomplete. Once the sinks accepted them, the release
    /// point moves past them and is saved.
    func release(_ windows: [OpenWindow<any WindowAccumulator>], now: Int64,
                 withheld: [ObjectIdentifier: String] = [:]) async throws {
        var aggregates: [WindowAggregate] = []
        var sealedWindows = 0
        for window in windows {
            let partial = mayBePartial(window)
            let own = withholding(window, partial: partial)
            let counts = counts(of: window)
            if partial, counts.meters >= policy.minMeters { incomplete += 1 }
            if let reason = own?.reason(policy) ?? withheld[ObjectIdentifier(window)] {
                if case .belowCoverage = own { belowCoverage += 1 }
                try suppress(window, reason: reason, readings: counts.readings, now: now)
                continue
            }
            for (kind, ciphertext, places) in try sealedParts(of: window) {
                let aggregate = WindowAggregate(
                    policy: policy.name, scope: policy.scope, scopeKey: window.scopeKey, windowStart: window.start,
                    windowEnd: window.end, readings: counts.readings, meters: counts.meters,
                    ciphertext: try noise?.noisySum(ciphertext) ?? ciphertext, decimalPlaces: places, incomplete: partial, kind: kind)
                aggregates.append(try signer.map { try aggregate.signed(by: $0) } ?? aggregate)
            }
            sealedWindows += 1
            if aggregates.count >= Self.chunkSize {
                try await write(aggregates, windows: sealedWindows)
                aggregates.removeAll(keepingCapacity: true)
                sealedWindows = 0
            }
        }
        try await write(aggregates, windows: sealedWindows)
        try recordBudget(windows, now: now)
        if let last = windows.map(\.end).max() {
            for (_, sink) in sinks { try await sink.flush() }
            releases.released(through: last)
        }
        try await releases.saveInBackground()
    }

    /// Drops `windows` unreleased (shutdown with `on_shutdown: discard`) and records it.
    /// The release point stays before them (with the windows they had readings in recorded as possibly partial).
    func discard(_ windows: [OpenWindow<any WindowAccumulator>], now: Int64) async throws {
        try await releases.save()
        guard !windows.isEmpty else { return }
        discarded += windows.count
        try purgeLog.record(PurgeEntry(
            action: .windowsDiscarded, at: now, count: windows.count, policy: policy.name,
            detail: "open windows dropped at shutdown (\(windows.reduce(0) { $0 + $1.readings }) readings); meters can resend"))
    }

    /// What `window` releases: its total, or a billing period's registers and bill (nothing finer), each with the
    /// decimal places of its plaintext.
    private func sealedParts(of window: OpenWindow<any WindowAccumulator>) throws -> [(AggregateKind, PaillierCiphertext, Int)] {
        guard let billing = window.payload as? BillingAccumulator, let schedule = BillingSchedule(policy: policy) else {
            return [(.total, window.payload.sealed(), policy.readings.decimalPlaces)]
        }
        return try billing.parts(start: window.start, end: window.end).map { part in
            if case .bill = part.kind { return (part.kind, part.ciphertext, schedule.billPlaces) }
            return (part.kind, part.ciphertext, policy.readings.decimalPlaces)
        }
    }

    private func mayBePartial(_ window: OpenWindow<any WindowAccumulator>) -> Bool {
        releases.mayBePartial(windowStart: window.start, windowEnd: window.end)
    }

    /// The counts released with `window` and `min_meters` decides on: noisy with `noise:`, else exact.
    private func counts(of window: OpenWindow<any WindowAccumulator>) -> NoisyCounts {
        noise?.counts(of: window) ?? NoisyCounts(meters: window.meters, readings: window.readings)
    }

    private func withholding(_ window: OpenWindow<any WindowAccumulator>, partial: Bool) -> Withholding? {
        let meters = counts(of: window).meters
        guard meters >= policy.minMeters else { return .fewMeters(meters) }
        if let shortfall = coverage?.shortfall(of: window) { return .belowCoverage(shortfall) }
        return partial && policy.release.incomplete == .suppress ? .partial : nil
    }

    private func suppress(_ window: OpenWindow<any WindowAccumulator>, reason: String, readings: Int, now: Int64) throws {
        suppressed += 1
        try purgeLog.record(PurgeEntry(
            action: .windowSuppressed, at: now, count: readings, policy: policy.name,
            detail: "\(policy.scope.rawValue) '\(window.scopeKey)' \(RFC3339.format(window.start))–\(RFC3339.format(window.end)): \(reason); aggregate dropped"))
    }

    /// Records in the purge log the budget `windows` spent: each drew its noisy counts, and the released ones their
    /// noisy sums; a meter is in at most one of a window period's region windows (its registered region).
    private func recordBudget(_ windows: [OpenWindow<any WindowAccumulator>], now: Int64) throws {
        guard let plan = noise?.plan, let first = windows.map(\.start).min(), let last = windows.map(\.end).max() else { return }
        let loss = plan.loss
        try purgeLog.record(PurgeEntry(
            action: .budgetSpent, at: now, count: windows.count, policy: policy.name,
            detail: "noise drawn for \(windows.count) region window(s) \(RFC3339.format(first))–\(RFC3339.format(last)): epsilon \(NoiseText.number(loss.epsilonPerWindow)) per window and meter (sum \(NoiseText.number(plan.sum.epsilon.doubleValue)), meters \(NoiseText.number(plan.meters.epsilon.doubleValue)), readings \(NoiseText.number(plan.readings.epsilon.doubleValue))); at most \(NoiseText.number(loss.epsilonPerDay)) per meter per day under \(loss.compositionRule)"))
    }

    /// Writes `aggregates` (the rows of `windows` windows: a billing period has several) to every sink.
    private func write(_ aggregates: [WindowAggregate], windows: Int) async throws {
        guard !aggregates.isEmpty else { return }
        for (_, sink) in sinks { try await sink.write(aggregates) }
        released += windows
    }
}
