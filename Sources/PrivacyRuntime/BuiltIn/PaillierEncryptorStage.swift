import Paillier
import Policy

/// The built-in `paillier` encryptor: the policy's public key (a private key file is refused) with
/// DJN (default) or standard obfuscation, per reading (default) or per window; batches are encrypted on every core.
/// Per window, the E(0)s windows open with come first from a `ZeroReserve` filled on idle cycles.
public final class PaillierEncryptorStage: ReadingEncryptor {
    /// E(0)s made ahead of need, at most (512 KiB at 2048 bits): the idle cycles come in bursts, while the
    /// windows of a period are released on one core, and 128 caught half of what 1,024 did (BENCHMARKS.md).
    static let reservedZeros = 1024

    private let encryptor: PaillierEncryptor
    /// Per window only: E(0)s made on idle cycles.
    let zeroReserve: ZeroReserve?
    /// Per reading or per window (`encrypt: mode:`).
    public let mode: EncryptionMode

    /// Precomputes the encryptor's tables for `publicKey`.
    public init(publicKey: PaillierPublicKey, obfuscation: Obfuscation, mode: EncryptionMode = .perReading) throws {
        encryptor = try PaillierEncryptor(publicKey: publicKey, obfuscation: obfuscation)
        self.mode = mode
        zeroReserve = mode == .perWindow ? ZeroReserve(encryptor: encryptor, capacity: Self.reservedZeros) : nil
    }

    deinit {
        zeroReserve?.stop()
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

    /// Fresh E(0)s: those the reserve has ready, and the rest computed now on every core.
    public func encryptionsOfZero(count: Int) async throws -> [PaillierCiphertext] {
        let ready = zeroReserve?.take(upTo: count) ?? []
        guard ready.count < count else { return ready }
        return try await ready + encrypt(batch: Array(repeating: 0, count: count - ready.count))
    }
}
