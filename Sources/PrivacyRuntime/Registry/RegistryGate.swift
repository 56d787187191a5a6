import Foundation
import MeterRegistry
import Policy
import Synchronization

/// Admission's check for a policy with `registry:`: a reading passes only if its meter is in the authority-signed
/// registry, in the region the registry gives it, and, when the registry holds the meter's key, signed by that key
/// over (meter id, timestamp, value), or over the ciphertext as carried for a reading encrypted at the meter. It runs before any other rule, so a meter the registry does not vouch for
/// never counts toward `min_meters`, moves no watermark and opens no window.
///
/// Policies naming the same registry share one gate: a reading offered to each of them in turn is verified once.
final class RegistryGate: Sendable {
    /// Why a reading did not pass.
    struct Refusal: Sendable, Equatable {
        /// `unknown_meter` or `bad_signature`.
        var reason: RejectReason
        /// A sentence for the rejects file; never the value.
        var detail: String
    }

    /// What a verdict depends on: everything the check reads of a record.
    private struct Reading: Equatable {
        var meterID: String
        var region: String
        var timestamp: Int64
        var value: ReadingValue
        var signature: String?
    }

    /// The verified registry.
    let registry: MeterRegistry
    /// The registry file, for messages.
    let path: String
    private let last = Mutex<(reading: Reading, refusal: Refusal?)?>(nil)

    /// A gate over a registry whose signature was verified.
    init(registry: MeterRegistry, path: String) {
        self.registry = registry
        self.path = path
    }

    /// Loads and verifies the registry `policy` names; nil when it names none. A registry that cannot be read or
    /// whose signature does not verify is a fatal `RuntimeError` naming the policy file.
    static func load(for policy: Policy) throws -> RegistryGate? {
        guard let reference = policy.registry, let registry = try MeterRegistry.load(for: policy) else { return nil }
        return RegistryGate(registry: registry, path: reference.path.path)
    }

    /// Nil when `record` passes; otherwise why not.
    func check(_ record: SourceRecord) -> Refusal? {
        let reading = Reading(meterID: record.meterID, region: record.region, timestamp: record.timestamp,
                              value: record.reading, signature: record.signature)
        if let cached = last.withLock({ $0 }), cached.reading == reading { return cached.refusal }
        let refusal = verdict(reading)
        last.withLock { $0 = (reading, refusal) }
        return refusal
    }

    private func verdict(_ reading: Reading) -> Refusal? {
        guard let meter = registry.meter(reading.meterID) else {
            return Refusal(reason: .unknownMeter, detail: "meter '\(reading.meterID)' is not in the meter registry \(path)")
        }
        guard meter.region == reading.region else {
            return Refusal(reason: .unknownMeter,
                           detail: "meter '\(reading.meterID)' is registered in region '\(meter.region)', not '\(reading.region)'")
        }
        guard let key = meter.publicKey else { return nil }
        guard let signature = reading.signature, !signature.isEmpty else {
            return Refusal(reason: .badSignature, detail: "the registry holds meter '\(reading.meterID)''s key, but the reading carries no signature")
        }
        let valid: Bool
        switch reading.value {
        case .plain(let value):
            valid = ReadingSignature.isValid(signature, meterID: reading.meterID, timestamp: reading.timestamp, value: value, key: key)
        case .encrypted(let ciphertext):
            valid = ReadingSignature.isValid(signature, meterID: reading.meterID, timestamp: reading.timestamp, keyID: ciphertext.keyID,
                                             exponent: ciphertext.exponent, ciphertext: ciphertext.decimal, key: key)
        }
        guard valid else {
            return Refusal(reason: .badSignature,
                           detail: "the signature is not meter '\(reading.meterID)''s over its meter id, timestamp and value")
        }
        return nil
    }
}

extension RegistryGate {
    /// One gate per distinct registry (file and authority key) across a run's policies, so that a reading is
    /// verified once however many policies name the registry.
    struct Shared {
        private var gates: [RegistryReference: RegistryGate] = [:]

        /// The gate of `policy`'s registry, loading and verifying it on first use; nil when the policy names none.
        mutating func gate(for policy: Policy) throws -> RegistryGate? {
            guard let reference = policy.registry else { return nil }
            if let gate = gates[reference] { return gate }
            let gate = try RegistryGate.load(for: policy)
            gates[reference] = gate
            return gate
        }
    }
}
