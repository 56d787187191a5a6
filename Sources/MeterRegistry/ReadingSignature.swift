import Crypto
import Foundation
import Policy
import RuntimeKeys

/// A meter's Ed25519 signature over one reading. The signed message is the UTF-8 text
/// `privacy-runtime reading v1\n<meter_id>\n<timestamp>\n<value>`: the timestamp as whole seconds since the Unix
/// epoch (so any RFC 3339 spelling of the same instant signs the same), the value in Wh as plain decimal text with
/// no `+`, no exponent, no leading zeros and no trailing fraction zeros (`12.50` signs as `12.5`, `-0` as `0`).
/// The signature travels as base64url without padding (86 characters): a `signature` member of a JSON reading, a
/// `signature` column of a CSV one.
public enum ReadingSignature {
    /// The message a meter signs for a reading.
    public static func message(meterID: String, timestamp: Int64, value: ExactDecimal) -> Data {
        Data("privacy-runtime reading v1\n\(meterID)\n\(timestamp)\n\(value.description)".utf8)
    }

    /// Whether `signature` (base64url) is `key`'s signature over the reading.
    public static func isValid(_ signature: String, meterID: String, timestamp: Int64, value: ExactDecimal,
                               key: Curve25519.Signing.PublicKey) -> Bool {
        guard let bytes = Ed25519Text.signature(signature) else { return false }
        return key.isValidSignature(bytes, for: message(meterID: meterID, timestamp: timestamp, value: value))
    }

    /// `key`'s signature over the reading, base64url.
    public static func sign(meterID: String, timestamp: Int64, value: ExactDecimal,
                            with key: Curve25519.Signing.PrivateKey) throws -> String {
        Base64URL.encode(try key.signature(for: message(meterID: meterID, timestamp: timestamp, value: value)))
    }
}
