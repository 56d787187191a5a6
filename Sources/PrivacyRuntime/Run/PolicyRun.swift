import Foundation
import Paillier
import Policy

/// One policy's state during a run: its windows, stages, logs and counters.
final class PolicyRun {
    let policy: Policy
    let group: EncryptionGroup
    let groupIndex: Int
    let aggregator: any WindowAggregator
    let sinks: [(label: String, sink: any AggregateSink)]
    let rejects: RejectsLog
    let purgeLog: PurgeLog
    var table: WindowTable<any WindowAccumulator>
    var summary: PolicySummary
    /// This batch's accepted readings: their window and slot in the group's values.
    var pending: [(window: OpenWindow<any WindowAccumulator>, slot: Int)] = []

    init(policy: Policy, group: EncryptionGroup, groupIndex: Int, aggregator: any WindowAggregator,
         sinks: [(label: String, sink: any AggregateSink)], rejects: RejectsLog, purgeLog: PurgeLog) {
        self.policy = policy
        self.group = group
        self.groupIndex = groupIndex
        self.aggregator = aggregator
        self.sinks = sinks
        self.rejects = rejects
        self.purgeLog = purgeLog
        self.summary = PolicySummary(policy: policy.name)
        let publicKey = group.encryptor.publicKey
        self.table = WindowTable(
            assigner: WindowAssigner(length: policy.window.seconds, timeZone: policy.timeZone),
            lateness: policy.lateness.seconds, scope: policy.scope,
            makePayload: { aggregator.makeAccumulator(publicKey: publicKey) })
    }

    /// Converts, range-checks and windows a record; on acceptance returns its window (the caller folds).
    func admit(_ record: SourceRecord, now: Int64) throws -> OpenWindow<any WindowAccumulator>? {
        let rules = policy.readings
        guard let units = record.value.units(decimalPlaces: rules.decimalPlaces) else {
            let tooPrecise = record.value.scale > rules.decimalPlaces
            try reject(record, tooPrecise ? .tooPrecise : .outOfRange,
                       tooPrecise ? "more precision than the policy's resolution (\(rules.resolutionText) Wh)" : "value \(record.value) Wh is out of range",
                       now: now)
            return nil
        }
        guard units >= rules.min, units <= rules.max else {
            try reject(record, .outOfRange, "value \(record.value) Wh is outside [\(Self.wh(rules.min, rules)), \(Self.wh(rules.max, rules))] Wh", now: now)
            return nil
        }
        guard record.timestamp <= now + rules.maxClockSkew else {
            try reject(record, .future,
                       "timestamp is \(PolicyDuration(seconds: record.timestamp - now)) ahead of this host's clock (max_clock_skew \(PolicyDuration(seconds: rules.maxClockSkew)))",
                       now: now)
            return nil
        }
        switch table.admit(meterID: record.meterID, region: record.region, timestamp: record.timestamp) {
        case .accepted(let window):
            return window
        case .rejected(let reason, let detail):
            try reject(record, reason, detail, now: now)
            return nil
        }
    }

    /// The value `units` in Wh as decimal text.
    private static func wh(_ units: Int64, _ rules: ReadingRules) -> String {
        ExactDecimal(significand: units, scale: rules.decimalPlaces).description
    }

    private func reject(_ record: SourceRecord, _ reason: RejectReason, _ detail: String, now: Int64) throws {
        try reject(RejectedReading(position: record.position, rawText: record.rawText, reason: reason, detail: detail), now: now)
    }

    /// Writes a rejected reading to the rejects file and counts it.
    func reject(_ rejected: RejectedReading, now: Int64) throws {
        summary.rejected[rejected.reason, default: 0] += 1
        try rejects.write(rejected, policy: policy.name, now: now)
    }

    /// Folds this batch's accepted readings into their windows and records the readings' destruction.
    func foldPending(now: Int64) throws {
        guard !pending.isEmpty else { return }
        let ciphertexts = group.ciphertexts
        for (window, slot) in pending { window.payload.add(ciphertexts[slot]) }
        summary.accepted += pending.count
        try purgeLog.record(PurgeEntry(
            action: .readingsDestroyed, at: now, count: pending.count, policy: policy.name,
            detail: "readings folded into their windows; plaintext values zeroed, ciphertexts released"))
        pending.removeAll(keepingCapacity: true)
    }

    /// Seals `windows`: those with at least `min_meters` meters go to the sinks, the others are suppressed.
    /// Aggregates are sealed and written `releaseChunk` at a time, so closing many windows at once (every
    /// household's window at the same boundary) does not hold a sealed copy of all of them at once.
    func release(_ windows: [OpenWindow<any WindowAccumulator>], now: Int64) async throws {
        guard !windows.isEmpty else { return }
        var aggregates: [WindowAggregate] = []
        for window in windows {
            if window.meters < policy.minMeters {
                summary.windowsSuppressed += 1
                try purgeLog.record(PurgeEntry(
                    action: .windowSuppressed, at: now, count: window.readings, policy: policy.name,
                    detail: "\(policy.scope.rawValue) '\(window.scopeKey)' \(RFC3339.format(window.start))–\(RFC3339.format(window.end)): \(window.meters) meters, fewer than min_meters \(policy.minMeters); aggregate dropped"))
                continue
            }
            aggregates.append(WindowAggregate(
                policy: policy.name, scope: policy.scope, scopeKey: window.scopeKey, windowStart: window.start,
                windowEnd: window.end, readings: window.readings, meters: window.meters, ciphertext: window.payload.sealed(),
                decimalPlaces: policy.readings.decimalPlaces))
            if aggregates.count == Self.releaseChunk {
                try await write(aggregates)
                aggregates.removeAll(keepingCapacity: true)
            }
        }
        try await write(aggregates)
    }

    /// Aggregates sealed and written together when windows are released.
    static let releaseChunk = 1024

    private func write(_ aggregates: [WindowAggregate]) async throws {
        guard !aggregates.isEmpty else { return }
        for (_, sink) in sinks { try await sink.write(aggregates) }
        summary.windowsReleased += aggregates.count
    }

    /// Drops `windows` unreleased (shutdown with `on_shutdown: discard`).
    func discard(_ windows: [OpenWindow<any WindowAccumulator>], now: Int64) throws {
        guard !windows.isEmpty else { return }
        summary.windowsDiscarded += windows.count
        try purgeLog.record(PurgeEntry(
            action: .windowsDiscarded, at: now, count: windows.count, policy: policy.name,
            detail: "open windows dropped at shutdown (\(windows.reduce(0) { $0 + $1.readings }) readings); meters can resend"))
    }
}
