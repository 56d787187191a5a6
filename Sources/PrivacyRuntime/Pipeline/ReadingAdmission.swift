import Foundation
import Policy

/// A policy's admission step: converts a record's exact value into the policy's integer units (the one
/// conversion a reading gets), checks it against the policy's range and clock guard, and offers it to the
/// policy's windows. It decides; it writes nothing.
struct ReadingAdmission {
    /// The policy's reading rules.
    let rules: ReadingRules
    /// The policy's meter registry check (`registry:`), applied first; nil when the policy names no registry.
    let registry: RegistryGate?

    /// The reporting grid readings must lie on (`readings.interval`); nil when the policy declares none.
    let grid: ReadingGrid?
    /// A billing policy's prices: a reading no price applies to is refused; nil for other policies.
    let billing: BillingSchedule?

    /// Admission by `rules`, on the grid of `readings.interval` in `timeZone` when the rules declare one, after the
    /// registry check when the policy names a registry.
    init(rules: ReadingRules, timeZone: TimeZone?, registry: RegistryGate? = nil, billing: BillingSchedule? = nil) {
        self.rules = rules
        self.billing = billing
        self.registry = registry
        self.grid = rules.interval.map { ReadingGrid(interval: $0, timeZone: timeZone) }
    }

    /// What admission decided for one record.
    enum Outcome {
        /// Accepted into `window`, with the value in policy units.
        case accepted(units: Int64, window: OpenWindow<any WindowAccumulator>)
        /// Rejected, with the reason and a sentence for the rejects file.
        case rejected(RejectedReading)
    }

    /// Decides `record`'s fate; an accepted record is recorded in its window (duplicates, meter counts).
    func admit(_ record: SourceRecord, into windows: inout WindowTable<any WindowAccumulator>, now: Int64) -> Outcome {
        func reject(_ reason: RejectReason, _ detail: String) -> Outcome {
            .rejected(RejectedReading(position: record.position, rawText: record.rawText, reason: reason, detail: detail,
                                      meterID: record.meterID, timestamp: record.timestamp))
        }
        if let refusal = registry?.check(record) {
            return reject(refusal.reason, refusal.detail)
        }
        guard let units = record.value.units(decimalPlaces: rules.decimalPlaces) else {
            return record.value.scale > rules.decimalPlaces
                ? reject(.tooPrecise, "more precision than the policy's resolution (\(rules.resolutionText) Wh)")
                : reject(.outOfRange, "the value does not fit the policy's units (\(rules.resolutionText) Wh)")
        }
        guard units >= rules.min, units <= rules.max else {
            return reject(.outOfRange, "the value is outside [\(wh(rules.min)), \(wh(rules.max))] Wh")
        }
        guard record.timestamp <= now + rules.maxClockSkew else {
            return reject(.future, "timestamp is \(PolicyDuration(seconds: record.timestamp - now)) ahead of this host's clock (max_clock_skew \(PolicyDuration(seconds: rules.maxClockSkew)))")
        }
        if let grid, !grid.contains(record.timestamp) {
            return reject(.offGrid, "timestamp is not on the \(PolicyDuration(seconds: grid.interval)) grid of readings.interval")
        }
        if let billing, billing.price(forReadingAt: record.timestamp) == nil {
            return reject(.outOfRange, "no price applies to this interval (before the tariff's first effective date, or outside the price file)")
        }
        switch windows.admit(meterID: record.meterID, region: record.region, timestamp: record.timestamp) {
        case .accepted(let window):
            window.noteBounds(aboveMin: units > rules.min, belowMax: units < rules.max)
            return .accepted(units: units, window: window)
        case .rejected(let reason, let detail):
            return reject(reason, detail)
        }
    }

    /// `units` in Wh as decimal text.
    private func wh(_ units: Int64) -> String {
        ExactDecimal(significand: units, scale: rules.decimalPlaces).description
    }
}
