import Paillier

/// The built-in `paillier` encryptor: the policy's public key (a private key file is refused) with
/// DJN (default) or standard obfuscation; batches are encrypted on every core.
public final class PaillierEncryptorStage: ReadingEncryptor {
    private let encryptor: PaillierEncryptor

    /// Precomputes the encryptor's tables for `publicKey`.
    public init(publicKey: PaillierPublicKey, obfuscation: Obfuscation) throws {
        encryptor = try PaillierEncryptor(publicKey: publicKey, obfuscation: obfuscation)
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
