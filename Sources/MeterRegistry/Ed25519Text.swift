import Crypto
import Foundation
import RuntimeKeys

/// Ed25519 keys and signatures as the registry's files, policies and readings write them: base64url without padding.
public enum Ed25519Text {
    /// The public key written as `text` (43 base64url characters); `what` names it in the error.
    public static func publicKey(_ text: String, what: String) throws -> Curve25519.Signing.PublicKey {
        guard let raw = Base64URL.decode(text), raw.count == 32,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            throw MeterRegistryError.badKey(what, text)
        }
        return key
    }

    /// `key` as base64url.
    public static func text(_ key: Curve25519.Signing.PublicKey) -> String {
        Base64URL.encode(key.rawRepresentation)
    }

    /// The 64 signature bytes written as `text`; nil unless it is base64url of exactly 64 bytes.
    public static func signature(_ text: String) -> Data? {
        guard let raw = Base64URL.decode(text), raw.count == 64 else { return nil }
        return raw
    }
}
