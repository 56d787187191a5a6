import Foundation
@testable import Paillier

/// Keys generated once per test process and shared by every test class (key generation is the
/// slowest step, 4096 bits especially).
enum TestKeys {
    static let key2048: PaillierPrivateKey = generate(2048)
    static let key3072: PaillierPrivateKey = generate(3072)
    static let key4096: PaillierPrivateKey = generate(4096)

    /// DJN encryptors per key, built once (table precomputation is not free).
    static let djn2048: PaillierEncryptor = encryptor(key2048, .djn)
    static let standard2048: PaillierEncryptor = encryptor(key2048, .standard)

    static func key(bits: Int) -> PaillierPrivateKey {
        switch bits {
        case 2048: return key2048
        case 3072: return key3072
        default: return key4096
        }
    }

    private static func generate(_ bits: Int) -> PaillierPrivateKey {
        do { return try PaillierPrivateKey.generate(bits: bits) } catch { fatalError("key generation failed: \(error)") }
    }

    private static func encryptor(_ key: PaillierPrivateKey, _ obfuscation: Obfuscation) -> PaillierEncryptor {
        do { return try PaillierEncryptor(publicKey: key.publicKey, obfuscation: obfuscation) } catch {
            fatalError("encryptor creation failed: \(error)")
        }
    }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paillier-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
