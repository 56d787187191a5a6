import Crypto
import Foundation

/// The runtime operator's own secret, which the key holder never has: one 32-byte master secret
/// from which HKDF-SHA256 derives independent keys, one per purpose.
///
/// - `mac(_:)`: HMAC-SHA-256, so a rejects file can identify a rejected raw line without holding it.
/// - `seal(_:associatedData:)` / `open(_:associatedData:)`: AES-256-GCM for state that survives a crash.
/// - `sealCheckpoint(_:associatedData:)` / `openCheckpoint(_:associatedData:)`: AES-256-GCM for pipeline checkpoints
///   (open windows' accumulators), under a key of their own so a release state can never be opened as one.
/// - `sign(_:)`: Ed25519, so the key holder can check with `signingPublicKey` that an aggregate is the runtime's.
///
/// Every secret lives in swift-crypto's `SymmetricKey` / `Curve25519.Signing.PrivateKey` storage,
/// which is zeroed when the last copy of the key is released.
public struct RuntimeKey: Sendable {
    /// The HKDF `info` label of each derived key. Changing one makes a different key, so each carries a version.
    public enum Purpose: String, CaseIterable, Sendable {
        /// The HMAC-SHA-256 key for rejected lines.
        case rejectsMAC = "privacy-runtime rejects hmac v1"
        /// The AES-256-GCM key for sealed state.
        case stateSealing = "privacy-runtime state seal v1"
        /// The AES-256-GCM key for pipeline checkpoints.
        case checkpointSealing = "privacy-runtime checkpoint seal v1"
        /// The 32-byte Ed25519 seed for signed aggregates.
        case aggregateSigning = "privacy-runtime aggregate signing v1"
    }

    /// The master secret (the only secret in the file).
    private let secret: SymmetricKey
    private let macKey: SymmetricKey
    private let sealingKey: SymmetricKey
    private let checkpointKey: SymmetricKey
    private let signingKey: Curve25519.Signing.PrivateKey
    /// Free text from the file's `kid`, e.g. "demo-only runtime key: never use in production" ("" when absent).
    public let label: String
    /// When the key was generated.
    public let created: Date

    /// A key from a 32-byte master secret (for loading; `generate` makes a new one).
    init(secret: SymmetricKey, label: String, created: Date) {
        precondition(secret.bitCount == 256, "a runtime key's master secret is 32 bytes")
        self.secret = secret
        self.label = label
        self.created = created
        macKey = Self.derive(.rejectsMAC, from: secret)
        sealingKey = Self.derive(.stateSealing, from: secret)
        checkpointKey = Self.derive(.checkpointSealing, from: secret)
        // A 32-byte seed is always a valid Ed25519 private key, so this cannot throw.
        signingKey = try! Curve25519.Signing.PrivateKey(rawRepresentation: Self.derive(.aggregateSigning, from: secret))
    }

    /// A new key with a master secret from the OS CSPRNG (getrandom, through `SymmetricKey(size:)`).
    /// `label` defaults to one naming the creation time.
    public static func generate(label: String? = nil, created: Date = Date()) -> RuntimeKey {
        RuntimeKey(secret: SymmetricKey(size: .bits256),
                   label: label ?? "privacy-runtime runtime key generated \(RuntimeKeyJSON.timestamp(created))",
                   created: created)
    }

    /// HKDF-SHA256 (RFC 5869) of the master secret with an empty salt and `purpose`'s label as info, 32 bytes.
    private static func derive(_ purpose: Purpose, from secret: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: secret, info: Data(purpose.rawValue.utf8), outputByteCount: 32)
    }

    /// The public half of the signing key, for the key holder (`PREFIX.runtime-sign.pub.json`).
    public var signingPublicKey: RuntimeSigningPublicKey {
        RuntimeSigningPublicKey(key: signingKey.publicKey, label: label.isEmpty ? nil : label)
    }

    /// The key's id: the signing public key's (first 8 bytes of SHA-256 over it, in hex).
    public var keyID: String { signingPublicKey.keyID }

    /// HMAC-SHA-256 of `bytes` under the rejects key, as 64 lowercase hex digits.
    public func mac(_ bytes: some DataProtocol) -> String {
        HMAC<SHA256>.authenticationCode(for: bytes, using: macKey).map { String(format: "%02x", $0) }.joined()
    }

    /// Encrypts and authenticates `plaintext` with AES-256-GCM under a fresh random 96-bit nonce;
    /// `associatedData` is authenticated, not stored. Returns nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes).
    public func seal(_ plaintext: some DataProtocol, associatedData: some DataProtocol) throws -> Data {
        try Self.seal(plaintext, key: sealingKey, associatedData: associatedData)
    }

    /// The plaintext of `sealed` (as `seal` returned it), or `openFailed` when it was altered, or sealed
    /// under another key or with other `associatedData`.
    public func open(_ sealed: some DataProtocol, associatedData: some DataProtocol) throws -> Data {
        try Self.open(sealed, key: sealingKey, associatedData: associatedData)
    }

    /// As `seal`, under the checkpoint key: nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes).
    public func sealCheckpoint(_ plaintext: some DataProtocol, associatedData: some DataProtocol) throws -> Data {
        try Self.seal(plaintext, key: checkpointKey, associatedData: associatedData)
    }

    /// As `open`, under the checkpoint key; `openFailed` when altered or sealed under another key or binding.
    public func openCheckpoint(_ sealed: some DataProtocol, associatedData: some DataProtocol) throws -> Data {
        try Self.open(sealed, key: checkpointKey, associatedData: associatedData)
    }

    private static func seal(_ plaintext: some DataProtocol, key: SymmetricKey, associatedData: some DataProtocol) throws -> Data {
        let box = try AES.GCM.seal(plaintext, using: key, nonce: AES.GCM.Nonce(), authenticating: associatedData)
        // `combined` is nil only for nonces that are not 12 bytes; ours always is.
        return box.combined!
    }

    private static func open(_ sealed: some DataProtocol, key: SymmetricKey, associatedData: some DataProtocol) throws -> Data {
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key, authenticating: associatedData)
        } catch {
            throw RuntimeKeyError.openFailed()
        }
    }

    /// The Ed25519 signature (64 bytes) of `message`; `signingPublicKey.verify` checks it.
    public func sign(_ message: some DataProtocol) throws -> Data {
        do {
            return try signingKey.signature(for: message)
        } catch {
            throw RuntimeKeyError.signingFailed("\(error)")
        }
    }

    /// Runs `body` with the master secret's bytes (for writing the file).
    func withSecretBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try secret.withUnsafeBytes(body)
    }
}
