import Crypto
import Foundation
import RuntimeKeys

extension ReadingSignature {
    /// The message a meter signs for a reading it encrypted: the UTF-8 text
    /// `privacy-runtime encrypted reading v1\n<meter_id>\n<timestamp>\n<key_id>\n<e>\n<v>`, the timestamp in epoch
    /// seconds as for a plain reading, then the encrypted value's members as the payload carries them (`v` in
    /// decimal digits without leading zeros), so the signature covers the ciphertext bytes, not a value.
    public static func message(meterID: String, timestamp: Int64, keyID: String, exponent: Int64, ciphertext: String) -> Data {
        Data("privacy-runtime encrypted reading v1\n\(meterID)\n\(timestamp)\n\(keyID)\n\(exponent)\n\(ciphertext)".utf8)
    }

    /// Whether `signature` (base64url) is `key`'s signature over the encrypted reading.
    public static func isValid(_ signature: String, meterID: String, timestamp: Int64, keyID: String, exponent: Int64,
                               ciphertext: String, key: Curve25519.Signing.PublicKey) -> Bool {
        guard let bytes = Ed25519Text.signature(signature) else { return false }
        return key.isValidSignature(bytes, for: message(meterID: meterID, timestamp: timestamp, keyID: keyID,
                                                        exponent: exponent, ciphertext: ciphertext))
    }

    /// `key`'s signature over the encrypted reading, base64url.
    public static func sign(meterID: String, timestamp: Int64, keyID: String, exponent: Int64, ciphertext: String,
                            with key: Curve25519.Signing.PrivateKey) throws -> String {
        Base64URL.encode(try key.signature(for: message(meterID: meterID, timestamp: timestamp, keyID: keyID,
                                                        exponent: exponent, ciphertext: ciphertext)))
    }
}
