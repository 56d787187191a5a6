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
    /// `perWindow` opens each window with one of `encryptionsOfZero(count:)` and adds the values as plaintexts.
    var mode: EncryptionMode { get }
    /// Encrypts `values` (units of the policy's resolution), one ciphertext per value in order; should use every core.
    func encrypt(batch values: [Int64]) async throws -> [PaillierCiphertext]
    /// `count` fresh encryptions of 0, never handed out before, for the windows a batch opens (per window).
    func encryptionsOfZero(count: Int) async throws -> [PaillierCiphertext]
}

extension ReadingEncryptor {
    /// Every reading encrypted on its own, unless the encryptor says otherwise.
    public var mode: EncryptionMode { .perReading }

    /// `encrypt(batch:)` of `count` zeros.
    public func encryptionsOfZero(count: Int) async throws -> [PaillierCiphertext] {
        try await encrypt(batch: Array(repeating: 0, count: count))
    }
}
