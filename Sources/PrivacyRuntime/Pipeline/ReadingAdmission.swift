import Foundation
import Paillier
import Policy

/// A policy's admission step: converts a record's exact value into the policy's integer units (the one
/// conversion a reading gets) and checks it against the policy's range, or checks a value encrypted at the meter
/// against the policy's key (`readings.encoding` says which it accepts); then the clock guard, and offers it to the
/// policy's windows. It decides; it writes nothing.
struct ReadingAdmission {
    /// The policy's reading rules.
    let rules: ReadingRules
    /// The policy's meter registry check (`registry:`), applied first; nil when the policy names no registry.
    let registry: RegistryGate?
    /// The check of values encrypted at the meter against the policy's key.
    let ciphertexts: CiphertextCheck

    /// The reporting grid readings must lie on (`readings.interval`); nil when the policy declares none.
    let grid: ReadingGrid?
    /// A billing policy's prices: a reading no price applies to is refused; nil for other policies.
    let billing: BillingSchedule?

    /// Admission by `rules`, on the grid of `readings.interval` in `timeZone` when the rules declare one, after the
    /// registry check when the policy names a registry; encrypted values are checked by `ciphertexts`; `billing` places
    /// a billing policy's readings.
    init(rules: ReadingRules, timeZone: TimeZone?, ciphertexts: CiphertextCheck, registry: RegistryGate? = nil,
         billing: BillingSchedule? = nil) {
        self.rules = rules
        self.billing = billing
        self.registry = registry
        self.ciphertexts = ciphertexts
        self.grid = rules.interval.map { ReadingGrid(interval: $0, timeZone: timeZone) }
    }

    /// What admission decided for one record.
    enum Outcome {
        /// Accepted into `window`, with the value in policy units or the meter's checked ciphertext.
        case accepted(AdmittedValue, window: OpenWindow<any WindowAccumulator>)
        /// Rejected, with the reason and a sentence for the rejects file.
        case rejected(RejectedReading)
    }

    /// Decides `record`'s fate; an accepted record is recorded in its window (duplicates, meter counts). A value
    /// encrypted at the meter takes `checked`, the verdict `ciphertexts` reached on it before admission
    /// (`CiphertextVerdicts`), or is checked here when nil.
    func admit(_ record: SourceRecord, into windows: inout WindowTable<any WindowAccumulator>, now: Int64,
               checked: Result<PaillierCiphertext, CiphertextCheck.Refusal>? = nil) -> Outcome {
        func reject(_ reason: RejectReason, _ detail: String) -> Outcome {
            .rejected(RejectedReading(position: record.position, rawText: record.rawText, reason: reason, detail: detail,
                                      meterID: record.meterID, timestamp: record.timestamp))
        }
        if let refusal = registry?.check(record) {
            return reject(refusal.reason, refusal.detail)
        }
        let value: AdmittedValue
        switch record.reading {
        case .plain(let decimal):
            guard rules.encoding.acceptsPlain else {
                return reject(.wrongEncoding, "a plain value, but the policy accepts values encrypted at the meter only (readings.encoding: encrypted)")
            }
            guard let units = decimal.units(decimalPlaces: rules.decimalPlaces) else {
                return decimal.scale > rules.decimalPlaces
                    ? reject(.tooPrecise, "more precision than the policy's resolution (\(rules.resolutionText) Wh)")
                    : reject(.outOfRange, "the value does not fit the policy's units (\(rules.resolutionText) Wh)")
            }
            guard units >= rules.min, units <= rules.max else {
                return reject(.outOfRange, "the value is outside [\(wh(rules.min)), \(wh(rules.max))] Wh")
            }
            value = .units(units)
        case .encrypted(let carried):
            guard rules.encoding.acceptsEncrypted else {
                return reject(.wrongEncoding, "a value encrypted at the meter, but the policy accepts plain values only (readings.encoding: plain)")
            }
            switch checked ?? ciphertexts.check(carried) {
            case .success(let ciphertext): value = .ciphertext(ciphertext)
            case .failure(let refusal): return reject(refusal.reason, refusal.detail)
            }
        }
        // Refused below for another reason, a ciphertext whose coprimality with n the fold was to check is checked
        // here, so the reason is the one a check before admission gives (bad_ciphertext before any other).
        func refuse(_ reason: RejectReason, _ detail: String) -> Outcome {
            if case .ciphertext(let ciphertext) = value, !ciphertext.coprimalityChecked,
               !ciphertexts.publicKey.nonUnits(among: [ciphertext]).isEmpty {
                return reject(.badCiphertext, "\(ciphertexts.publicKey.ciphertextNotCoprime)")
            }
            return reject(reason, detail)
        }
        guard record.timestamp <= now + rules.maxClockSkew else {
            return refuse(.future, "timestamp is \(PolicyDuration(seconds: record.timestamp - now)) ahead of this host's clock (max_clock_skew \(PolicyDuration(seconds: rules.maxClockSkew)))")
        }
        if let grid, !grid.contains(record.timestamp) {
            return refuse(.offGrid, "timestamp is not on the \(PolicyDuration(seconds: grid.interval)) grid of readings.interval")
        }
        if let billing, billing.price(forReadingAt: record.timestamp) == nil {
            return refuse(.outOfRange, "no price applies to this interval (before the tariff's first effective date, or outside the price file)")
        }
        switch windows.admit(meterID: record.meterID, region: record.region, timestamp: record.timestamp) {
        case .accepted(let window):
            switch value {
            case .units(let units): window.noteBounds(aboveMin: units > rules.min, belowMax: units < rules.max)
            case .ciphertext: window.noteUnknownValue()
            }
            return .accepted(value, window: window)
        case .rejected(let reason, let detail):
            return refuse(reason, detail)
        }
    }

    /// `units` in Wh as decimal text.
    private func wh(_ units: Int64) -> String {
        ExactDecimal(significand: units, scale: rules.decimalPlaces).description
    }
}
