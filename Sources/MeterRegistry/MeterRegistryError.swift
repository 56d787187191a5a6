/// An error about a meter registry, its authority key, a test fleet's keys or a reading's signature, with a
/// message a person can act on. Callers branch on `code`; `description` is one line.
public struct MeterRegistryError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, for callers that branch on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case unreadable, malformed, badSignature, wrongAuthority, insecureFile, duplicateMeter, badKey
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// The code's name, e.g. `badSignature`.
        public var description: String { value.rawValue }

        /// A file does not exist or cannot be read.
        public static let unreadable = Code(.unreadable)
        /// A file is not of the documented shape.
        public static let malformed = Code(.malformed)
        /// The registry's signature does not verify under the authority key: it was altered or signed by another key.
        public static let badSignature = Code(.badSignature)
        /// The registry names another authority than the one the policy trusts.
        public static let wrongAuthority = Code(.wrongAuthority)
        /// A secret key file may be read by group or others.
        public static let insecureFile = Code(.insecureFile)
        /// A meter id is listed twice.
        public static let duplicateMeter = Code(.duplicateMeter)
        /// A key is not 32 bytes of base64url.
        public static let badKey = Code(.badKey)
    }

    /// The category of the error.
    public let code: Code
    /// The readable, one-line message.
    public let description: String

    private init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// `path` cannot be read (`reason` from the file system).
    static func unreadable(_ path: String, reason: String) -> MeterRegistryError {
        MeterRegistryError(.unreadable, "cannot read \(path): \(reason)")
    }

    /// `path` is not a well-formed `what`; `detail` says which part.
    static func malformed(_ path: String, what: String, detail: String) -> MeterRegistryError {
        MeterRegistryError(.malformed, "\(path): not a \(what): \(detail)")
    }

    /// The registry at `path` does not verify under `authority`.
    static func badSignature(_ path: String, authority: String) -> MeterRegistryError {
        MeterRegistryError(
            .badSignature,
            "\(path): the registry's signature does not verify under authority key \(authority): the file was altered after signing or signed by another key; get a registry signed by the registry authority (`privacy-runtime registry sign`)")
    }

    /// The registry at `path` names authority `found`, the policy trusts `expected`.
    static func wrongAuthority(_ path: String, found: String, expected: String) -> MeterRegistryError {
        MeterRegistryError(
            .wrongAuthority,
            "\(path): the registry names authority key \(found), but the policy's registry.authority_key is \(expected)")
    }

    /// The secret file `path` has `mode`, which lets group or others read it.
    static func insecureFile(_ path: String, mode: UInt32) -> MeterRegistryError {
        MeterRegistryError(
            .insecureFile, "secret key file \(path) is accessible by group or others (mode \(String(mode, radix: 8))); run `chmod 600 \(path)`")
    }

    /// Meter `meterID` is listed twice in `path`.
    static func duplicateMeter(_ path: String, meterID: String) -> MeterRegistryError {
        MeterRegistryError(.duplicateMeter, "\(path): meter '\(meterID)' is listed twice")
    }

    /// `text`, named `what`, is not a 32-byte key in base64url.
    static func badKey(_ what: String, _ text: String) -> MeterRegistryError {
        MeterRegistryError(
            .badKey, "\(what) '\(text)' is not an Ed25519 key: expected 43 base64url characters (32 bytes), as `privacy-runtime registry keygen` prints")
    }
}
