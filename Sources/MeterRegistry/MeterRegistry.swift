import Crypto
import Foundation
import RuntimeKeys

/// The meters a registry authority (not the key holder: in the German scheme the smart-meter gateway
/// administrator) vouches for: id, region and signing key, signed with the authority's Ed25519 key.
///
/// The file is JSON (see `RegistryFile`); the signature covers `RegistryFile.signedBytes`, a canonical text
/// independent of JSON formatting. `load(contentsOf:authorityKey:)` refuses a file whose signature does not verify.
public struct MeterRegistry: Sendable {
    /// When the authority signed the registry (RFC 3339, as written).
    public let issued: String
    /// The authority's public key, base64url.
    public let authorityKey: String
    /// The entries, in file order.
    public let meters: [RegisteredMeter]
    private let index: [String: Int]

    /// A registry of `meters`; fails on a duplicate id.
    init(issued: String, authorityKey: String, meters: [RegisteredMeter], path: String) throws {
        var index: [String: Int] = [:]
        for (position, meter) in meters.enumerated() {
            guard index.updateValue(position, forKey: meter.meterID) == nil else {
                throw MeterRegistryError.duplicateMeter(path, meterID: meter.meterID)
            }
        }
        self.issued = issued
        self.authorityKey = authorityKey
        self.meters = meters
        self.index = index
    }

    /// The entry for `meterID`, nil when the authority does not vouch for it.
    public func meter(_ meterID: String) -> RegisteredMeter? {
        index[meterID].map { meters[$0] }
    }

    /// How many entries carry a signing key.
    public var signedMeterCount: Int { meters.count(where: { $0.publicKey != nil }) }

    /// Loads the registry at `url` and verifies its signature under `authorityKey` (base64url), the key the
    /// policy trusts. Fails with a `MeterRegistryError` when the file is unreadable, malformed, names another
    /// authority, lists a meter twice, or its signature does not verify.
    public static func load(contentsOf url: URL, authorityKey: String) throws -> MeterRegistry {
        let authority = try Ed25519Text.publicKey(authorityKey, what: "registry.authority_key")
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw MeterRegistryError.unreadable(url.path, reason: (error as NSError).localizedDescription)
        }
        let file = try RegistryFile.decode(data, path: url.path)
        guard file.authority_key == authorityKey else {
            throw MeterRegistryError.wrongAuthority(url.path, found: file.authority_key, expected: authorityKey)
        }
        let meters = try file.registeredMeters(path: url.path)
        guard let signature = Ed25519Text.signature(file.signature),
              authority.isValidSignature(signature, for: RegistryFile.signedBytes(issued: file.issued, meters: meters)) else {
            throw MeterRegistryError.badSignature(url.path, authority: authorityKey)
        }
        return try MeterRegistry(issued: file.issued, authorityKey: authorityKey, meters: meters, path: url.path)
    }
}
