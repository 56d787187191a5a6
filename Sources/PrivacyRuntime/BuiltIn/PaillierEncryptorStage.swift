import Paillier
import Policy

/// The built-in `paillier` encryptor: the policy's public key (a private key file is refused) with
/// DJN (default) or standard obfuscation, per reading (default) or per window; batches are encrypted on every core.
public final class PaillierEncryptorStage: ReadingEncryptor {
    private let encryptor: PaillierEncryptor
    /// Per reading or per window (`encrypt: mode:`).
    public let mode: EncryptionMode

    /// Precomputes the encryptor's tables for `publicKey`.
    public init(publicKey: PaillierPublicKey, obfuscation: Obfuscation, mode: EncryptionMode = .perReading) throws {
        encryptor = try PaillierEncryptor(publicKey: publicKey, obfuscation: obfuscation)
        self.mode = mode
    }

    /// The key ciphertexts are under.
    public var publicKey: PaillierPublicKey { encryptor.publicKey }

    /// `paillier:<kid>:<obfuscation>`.
    public var sharingKey: String { "paillier:\(encryptor.publicKey.keyID):\(encryptor.obfuscation.rawValue)" }

    /// One ciphertext per value, computed on every core, on threads of their own (`CPUBoundWork`).
    public func encrypt(batch values: [Int64]) async throws -> [PaillierCiphertext] {
        let encryptor = self.encryptor
        return try await CPUBoundWork.run { encryptor.encrypt(batch: values) }
    }
}
