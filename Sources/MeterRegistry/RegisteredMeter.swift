import Crypto
import RuntimeKeys

/// One meter as the registry authority vouches for it: its id, its region and, when it has one, the Ed25519
/// public key its readings are signed with.
public struct RegisteredMeter: Sendable, Equatable {
    /// The meter's id, as its readings carry it.
    public let meterID: String
    /// The region the meter is installed in.
    public let region: String
    /// The meter's signing key; nil for a meter whose readings are not signed (then they cannot be authenticated).
    public let publicKey: Curve25519.Signing.PublicKey?

    /// Creates an entry.
    public init(meterID: String, region: String, publicKey: Curve25519.Signing.PublicKey?) {
        self.meterID = meterID
        self.region = region
        self.publicKey = publicKey
    }

    /// The public key as base64url (43 characters), "" when the meter has none.
    public var publicKeyText: String {
        publicKey.map { Base64URL.encode($0.rawRepresentation) } ?? ""
    }

    /// Whether `text` is usable as a meter id or region in the registry: non-empty, no control characters (so the
    /// tab- and newline-separated signed form is unambiguous), no leading or trailing spaces.
    static func isValidIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.trimmingCharacters(in: .whitespaces) == text
            && !text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// Two entries are equal when id, region and key bytes are.
    public static func == (lhs: RegisteredMeter, rhs: RegisteredMeter) -> Bool {
        lhs.meterID == rhs.meterID && lhs.region == rhs.region && lhs.publicKeyText == rhs.publicKeyText
    }
}
