import Crypto
import Foundation

/// The public half of a runtime key's Ed25519 signing key: what the key holder gets to check that an
/// aggregate was released by the runtime and not made up. It holds no secret.
public struct RuntimeSigningPublicKey: Sendable, Equatable {
    /// The Ed25519 public key.
    let key: Curve25519.Signing.PublicKey
    /// Free text from the file's `kid` (e.g. "demo-only runtime key"); nil when absent.
    public let label: String?

    /// A key from its 32 raw bytes; `label` is kept as the JWK `kid`.
    public init(rawRepresentation: some ContiguousBytes, label: String? = nil) throws {
        do {
            key = try Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation)
        } catch {
            let count = rawRepresentation.withUnsafeBytes(\.count)
            throw RuntimeKeyError.malformedFile("raw key", what: "valid Ed25519 public key", detail: "expected 32 bytes, got \(count)")
        }
        self.label = label
    }

    init(key: Curve25519.Signing.PublicKey, label: String?) {
        self.key = key
        self.label = label
    }

    /// The 32-byte public key.
    public var rawRepresentation: Data { key.rawRepresentation }

    /// The first 8 bytes of SHA-256 over the public key, in hex: names the runtime key in signed
    /// output and on both sides, whatever the files' labels say.
    public var keyID: String {
        SHA256.hash(data: key.rawRepresentation).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// True when `signature` is this key's Ed25519 signature of exactly `message`.
    public func verify(signature: some DataProtocol, for message: some DataProtocol) -> Bool {
        key.isValidSignature(signature, for: message)
    }

    /// Two keys are equal when their public bytes are; labels do not matter.
    public static func == (lhs: RuntimeSigningPublicKey, rhs: RuntimeSigningPublicKey) -> Bool {
        lhs.rawRepresentation == rhs.rawRepresentation
    }

    /// The key as an RFC 8037 JWK:
    /// `{"kty":"OKP","crv":"Ed25519","use":"sig","alg":"EdDSA","key_ops":["verify"],"x":…,"kid":…}`.
    public func jwkData() -> Data {
        RuntimeKeyJSON.serialize(RuntimeKeyJSON.SigningPublic(
            kty: "OKP", crv: "Ed25519", use: "sig", alg: "EdDSA", key_ops: ["verify"],
            x: Base64URL.encode(key.rawRepresentation), kid: label ?? keyID))
    }

    /// Writes the JWK to a new file at `url`, mode 0644 (anyone may read it); never overwrites.
    public func write(to url: URL) throws {
        try KeyFileIO.createNew(jwkData(), at: url, mode: 0o644)
    }

    /// Loads an exported signing public key (`PREFIX.runtime-sign.pub.json`). Refuses a runtime key's
    /// secret file: the key holder must never hold it.
    public static func load(contentsOf url: URL) throws -> RuntimeSigningPublicKey {
        let what = "runtime signing public key (Ed25519 JWK)"
        let data = try KeyFileIO.read(url, what: "runtime signing public key file")
        switch KeyFileKind(data) {
        case .runtimeSigningPublic: break
        case .runtimeSecret:
            throw RuntimeKeyError.wrongKind(
                url.path, "is a runtime key's secret, which the key holder must never hold; use the exported PREFIX.runtime-sign.pub.json")
        case .paillierPrivate, .paillierPublic:
            throw RuntimeKeyError.wrongKind(url.path, "is a Paillier key, not a runtime signing public key (PREFIX.runtime-sign.pub.json)")
        case .other(let kty):
            throw RuntimeKeyError.wrongKind(url.path, "has \"kty\" '\(kty)', expected 'OKP' with \"crv\" 'Ed25519'")
        case nil:
            throw RuntimeKeyError.malformedFile(url.path, what: what, detail: "not a JSON object with a string \"kty\"")
        }
        let jwk = try RuntimeKeyJSON.decode(RuntimeKeyJSON.SigningPublic.self, from: data, url: url, what: what)
        guard let raw = Base64URL.decode(jwk.x), raw.count == 32 else {
            throw RuntimeKeyError.malformedFile(url.path, what: what, detail: "field 'x' must be 32 bytes in base64url")
        }
        if let operations = jwk.key_ops, !operations.contains("verify") {
            throw RuntimeKeyError.malformedFile(url.path, what: what, detail: "\"key_ops\" lacks \"verify\"")
        }
        do {
            return try RuntimeSigningPublicKey(rawRepresentation: raw, label: jwk.kid)
        } catch {
            throw RuntimeKeyError.malformedFile(url.path, what: what, detail: "field 'x' is not an Ed25519 public key")
        }
    }
}
