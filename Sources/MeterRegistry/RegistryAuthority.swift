import Crypto
import Foundation
import RuntimeKeys

/// The registry authority's Ed25519 key: it signs the meter registry. It belongs to whoever vouches for the
/// meters (the gateway administrator), never to the key holder, who could otherwise register made-up meters.
public struct RegistryAuthority: Sendable {
    /// The secret file: `{"created":…,"d":"<seed>","kid":…,"kty":"privacy-runtime-registry-authority","x":"<public>"}`.
    struct File: Codable, KindTagged {
        static let kty = "privacy-runtime-registry-authority"
        var kty: String
        var kid: String
        var created: String
        var d: String
        var x: String
    }

    private let key: Curve25519.Signing.PrivateKey
    /// Free text stored as the file's `kid`.
    public let label: String

    /// A new key from the OS CSPRNG (swift-crypto's key generation).
    public static func generate(label: String) -> RegistryAuthority {
        RegistryAuthority(key: Curve25519.Signing.PrivateKey(), label: label)
    }

    private init(key: Curve25519.Signing.PrivateKey, label: String) {
        self.key = key
        self.label = label
    }

    /// The public key as base64url: what a policy names as `registry.authority_key`.
    public var publicKeyText: String { Ed25519Text.text(key.publicKey) }

    /// Writes the secret to a new file at `url`, mode 0600; never overwrites.
    public func write(to url: URL) throws {
        var seed = key.rawRepresentation
        defer { KeyFileIO.wipe(&seed) }
        try SecretKeyFile.write(
            File(kty: File.kty, kid: label, created: ISO8601DateFormatter().string(from: Date()),
                 d: Base64URL.encode(seed), x: publicKeyText),
            to: url)
    }

    /// Loads an authority key file; refuses one that group or others may read.
    public static func load(contentsOf url: URL) throws -> RegistryAuthority {
        let what = "registry authority key"
        let file = try SecretKeyFile.read(File.self, from: url, what: what)
        guard var seed = Base64URL.decode(file.d), seed.count == 32,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw MeterRegistryError.malformed(url.path, what: what, detail: "field 'd' must be 32 bytes in base64url")
        }
        KeyFileIO.wipe(&seed)
        return RegistryAuthority(key: key, label: file.kid)
    }

    /// The registry JSON for `meters`, signed now (`issued`); fails on a duplicate meter id, or an id or region that
    /// is empty, has outer spaces or a control character.
    public func signRegistry(_ meters: [RegisteredMeter], issued: Date = Date()) throws -> Data {
        for meter in meters where !RegisteredMeter.isValidIdentifier(meter.meterID) || !RegisteredMeter.isValidIdentifier(meter.region) {
            throw MeterRegistryError.malformed(
                "meter '\(meter.meterID)' in region '\(meter.region)'", what: "registry entry",
                detail: "ids and regions must be non-empty, without control characters or outer spaces")
        }
        let formatter = ISO8601DateFormatter()
        let issuedText = formatter.string(from: issued)
        _ = try MeterRegistry(issued: issuedText, authorityKey: publicKeyText, meters: meters, path: "the registry")
        let signature = try key.signature(for: RegistryFile.signedBytes(issued: issuedText, meters: meters))
        return RegistryFile(
            format: RegistryFile.formatV1, issued: issuedText, authority_key: publicKeyText,
            meters: meters.map { RegistryFile.Meter(meter_id: $0.meterID, region: $0.region, public_key: $0.publicKeyText) },
            signature: Base64URL.encode(signature)
        ).serialized()
    }
}
