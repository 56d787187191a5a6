import Crypto
import Foundation
import Policy
import RuntimeKeys

/// The signing keys of a test fleet's meters, for demos and tests: a real meter keeps its key in its own secure
/// element and never shares it. `privacy-runtime registry fleet-keys` writes the file (mode 0600); `publish
/// --sign-with` and `registry sign-readings` sign with it.
public struct FleetKeys: Sendable {
    /// The secret file: `{"kty":"privacy-runtime-test-fleet","meters":{"<meter_id>":"<base64url seed>",…}}`.
    struct File: Codable, KindTagged {
        static let kty = "privacy-runtime-test-fleet"
        var kty: String
        var meters: [String: String]
    }

    private let keys: [String: Curve25519.Signing.PrivateKey]

    /// New keys from the OS CSPRNG, one per meter id.
    public static func generate(meterIDs: [String]) -> FleetKeys {
        FleetKeys(keys: Dictionary(meterIDs.map { ($0, Curve25519.Signing.PrivateKey()) }, uniquingKeysWith: { first, _ in first }))
    }

    private init(keys: [String: Curve25519.Signing.PrivateKey]) {
        self.keys = keys
    }

    /// The meter ids with a key, sorted.
    public var meterIDs: [String] { keys.keys.sorted() }

    /// The public key of `meterID`, nil when the fleet has none.
    public func publicKey(for meterID: String) -> Curve25519.Signing.PublicKey? {
        keys[meterID]?.publicKey
    }

    /// `meterID`'s signature over the reading (base64url), nil when the fleet has no key for it.
    public func signature(meterID: String, timestamp: Int64, value: ExactDecimal) throws -> String? {
        guard let key = keys[meterID] else { return nil }
        return try ReadingSignature.sign(meterID: meterID, timestamp: timestamp, value: value, with: key)
    }

    /// `meterID`'s signature over a reading it encrypted (base64url, `ReadingSignature.message(meterID:timestamp:keyID:
    /// exponent:ciphertext:)`), nil when the fleet has no key for it.
    public func signature(meterID: String, timestamp: Int64, keyID: String, exponent: Int64, ciphertext: String) throws -> String? {
        guard let key = keys[meterID] else { return nil }
        return try ReadingSignature.sign(meterID: meterID, timestamp: timestamp, keyID: keyID, exponent: exponent,
                                         ciphertext: ciphertext, with: key)
    }

    /// Writes the keys to a new file at `url`, mode 0600; never overwrites.
    public func write(to url: URL) throws {
        var seeds = keys.mapValues { $0.rawRepresentation }
        defer { for id in seeds.keys { KeyFileIO.wipe(&seeds[id]!) } }
        try SecretKeyFile.write(File(kty: File.kty, meters: seeds.mapValues { Base64URL.encode($0) }), to: url)
    }

    /// Loads a fleet key file; refuses one that group or others may read.
    public static func load(contentsOf url: URL) throws -> FleetKeys {
        let what = "test fleet key file"
        let file = try SecretKeyFile.read(File.self, from: url, what: what)
        var keys: [String: Curve25519.Signing.PrivateKey] = [:]
        for (meterID, text) in file.meters {
            guard var seed = Base64URL.decode(text), seed.count == 32,
                  let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
                throw MeterRegistryError.malformed(url.path, what: what, detail: "the key of meter '\(meterID)' must be 32 bytes in base64url")
            }
            KeyFileIO.wipe(&seed)
            keys[meterID] = key
        }
        return FleetKeys(keys: keys)
    }
}
