import Paillier
import Policy

/// A stage that encrypts plaintext values under a public key (the runtime never holds a private key).
///
/// Policies whose encryptors have the same `sharingKey` (same key and obfuscation) share ciphertexts, so each
/// reading is encrypted once per distinct key, not once per policy.
public protocol ReadingEncryptor: Sendable {
    /// The key ciphertexts are under; aggregates fold with it.
    var publicKey: PaillierPublicKey { get }
    /// Equal for encryptors whose ciphertexts are interchangeable, e.g. `paillier:<kid>:djn`.
    var sharingKey: String { get }
    /// How readings reach a window's ciphertext: `perReading` encrypts each value with `encrypt(batch:)`;
    /// `perWindow` encrypts one 0 per window (with `encrypt(batch:)` too) and adds the values as plaintexts.
    var mode: EncryptionMode { get }
    /// Encrypts `values` (units of the policy's resolution), one ciphertext per value in order; should use every core.
    func encrypt(batch values: [Int64]) async throws -> [PaillierCiphertext]
}

extension ReadingEncryptor {
    /// Every reading encrypted on its own, unless the encryptor says otherwise.
    public var mode: EncryptionMode { .perReading }
}
