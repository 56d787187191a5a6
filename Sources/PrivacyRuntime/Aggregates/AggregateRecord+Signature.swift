import Foundation
import RuntimeKeys

extension AggregateRecord {
    /// The domain label that starts `signedBytes`; a new layout gets a new version.
    public static let signatureDomain = "privacy-runtime aggregate v1"
    /// The domain label of a billing row (a non-empty `kind`): the v1 layout with `text(kind)` appended.
    public static let billingSignatureDomain = "privacy-runtime aggregate v2"

    /// The canonical bytes the runtime key signs (`CanonicalBytes`): every field a sink stores and `decrypt`
    /// reports, in this order, each a text as its UTF-8 length (8-byte big-endian) then its UTF-8 bytes, each integer
    /// as 8-byte big-endian two's complement, the flag as one byte:
    /// `text(signatureDomain) text(policy) text(scope) text(scope_key) int(window_start) int(window_end) int(readings)
    /// int(meters) text(key_id) text(ciphertext) int(decimal_places) int(exponent) byte(incomplete ? 1 : 0)`,
    /// times in epoch seconds, the ciphertext as its decimal digits. The signature itself is not part of it. A billing
    /// row (non-empty `kind`) starts with `billingSignatureDomain` instead and ends with `text(kind)`, so a register
    /// cannot be passed off as a bill, nor a row of one kind as a window total; window totals keep the v1 bytes.
    public var signedBytes: [UInt8] {
        var encoding = CanonicalBytes()
        for text in [kind.isEmpty ? Self.signatureDomain : Self.billingSignatureDomain, policy, scope, scopeKey] { encoding.append(text) }
        for value in [windowStart, windowEnd, Int64(readings), Int64(meters)] { encoding.append(value) }
        encoding.append(keyID)
        encoding.append(ciphertext)
        encoding.append(Int64(decimalPlaces))
        encoding.append(Int64(exponent))
        encoding.append(incomplete)
        if !kind.isEmpty { encoding.append(kind) }
        return encoding.bytes
    }

    /// `key`'s Ed25519 signature of `signedBytes`, base64url without padding (what a sink stores as `signature`).
    public func makeSignature(with key: RuntimeKey) throws -> String {
        Base64URL.encode(try key.sign(signedBytes))
    }

    /// Why this record does not carry a valid signature under `key` (no signature, not 64 bytes of base64url, or one
    /// that does not verify: the row was changed or made up after release); nil when it does.
    public func signatureProblem(under key: RuntimeSigningPublicKey) -> String? {
        guard let signature else { return "carries no signature" }
        guard let bytes = Base64URL.decode(signature), bytes.count == 64 else {
            return "has a signature that is not 64 bytes of base64url"
        }
        guard key.verify(signature: bytes, for: signedBytes) else {
            return "has a signature that does not verify under runtime key \(key.keyID): the row was changed or forged after release"
        }
        return nil
    }
}
