import Foundation
import Paillier
import Policy
import PrivacyRuntime

/// Wraps the Paillier encryptor stage and counts the values it encrypts (to see ciphertext sharing, or per window
/// one 0 per opened window).
final class CountingEncryptor: ReadingEncryptor, @unchecked Sendable {
    private let inner: PaillierEncryptorStage
    private let lock = NSLock()
    private var total = 0

    init(publicKey: PaillierPublicKey, mode: EncryptionMode = .perReading) throws {
        inner = try PaillierEncryptorStage(publicKey: publicKey, obfuscation: .djn, mode: mode)
    }

    var count: Int { lock.withLock { total } }
    var publicKey: PaillierPublicKey { inner.publicKey }
    var sharingKey: String { inner.sharingKey }
    var mode: EncryptionMode { inner.mode }

    func encrypt(batch values: [Int64]) async throws -> [PaillierCiphertext] {
        lock.withLock { total += values.count }
        return try await inner.encrypt(batch: values)
    }
}
