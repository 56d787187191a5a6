import Foundation
import MeterRegistry
import Policy
import PrivacyRuntime

/// Signs readings written as text (a CSV row's fields) with a test fleet's keys: what `publish --sign-with` and
/// `registry sign-readings` add to each reading. Readings of meters without a key, or whose timestamp or value
/// does not parse, get no signature (the runtime then rejects them with a reason).
public struct ReadingSigner: Sendable {
    private let fleet: FleetKeys

    /// Loads the fleet key file at `path` (PREFIX.fleet-keys.json, mode 0600).
    public init(fleetKeysPath path: String) throws {
        fleet = try FleetKeys.load(contentsOf: URL(fileURLWithPath: path))
    }

    /// The base64url signature of the reading, or nil when the meter has no key or a field does not parse.
    public func signature(meterID: String, timestamp: String, energy: String) -> String? {
        guard let epoch = RFC3339.parse(timestamp), let value = ExactDecimal(energy) else { return nil }
        return try? fleet.signature(meterID: meterID, timestamp: epoch, value: value)
    }

    /// The base64url signature of a reading as `publish` sends it, plain or encrypted at the meter (then over the
    /// ciphertext it carries); nil when the meter has no key or a field does not parse.
    public func signature(meterID: String, timestamp: String, value: CSVReplay.PublishedValue) -> String? {
        switch value {
        case .plain(let energy):
            return signature(meterID: meterID, timestamp: timestamp, energy: energy)
        case .encrypted(let ciphertext):
            guard let epoch = RFC3339.parse(timestamp) else { return nil }
            return try? fleet.signature(meterID: meterID, timestamp: epoch, keyID: ciphertext.keyID,
                                        exponent: ciphertext.exponent, ciphertext: ciphertext.decimal)
        }
    }
}
