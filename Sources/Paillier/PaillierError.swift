/// An error from the Paillier module, with a message a person can act on.
public struct PaillierError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, for callers that branch on it.
    public enum Kind: String, Sendable {
        /// A key's numbers are unusable (size, parity, factors).
        case invalidKey
        /// A key file cannot be read or does not hold a key of the expected kind.
        case invalidKeyFile
        /// A private key file is readable by group or others.
        case insecureKeyFile
        /// A ciphertext is malformed, out of range or not coprime with n.
        case invalidCiphertext
        /// A ciphertext belongs to another key.
        case keyMismatch
        /// A plaintext or scalar is outside the encodable range.
        case plaintextOutOfRange
        /// A decrypted value lies in the overflow band of the signed encoding.
        case overflow
        /// Key generation was asked for an unsupported size.
        case unsupportedKeySize
        /// A threshold key's parameters (t, number of shares) are unusable.
        case invalidThreshold
        /// A key share, partial decryption or proof belongs to another threshold key.
        case shareMismatch
        /// Fewer valid partial decryptions than the threshold were given.
        case notEnoughPartials
    }

    /// The category of the error.
    public let kind: Kind
    /// The readable, one-line message.
    public let message: String

    /// An error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
