import Foundation
import Paillier

/// One 2048-bit Paillier key pair per test process, generated on first use (generation is the slow part) and
/// shared by every harness. For tests only: the runtime itself never holds a private key.
public enum TestKeys {
    /// The test private key; decrypts what the runtime encrypted under `publicKey`.
    public static let privateKey: PaillierPrivateKey = {
        do {
            return try PaillierPrivateKey.generate(bits: 2048)
        } catch {
            fatalError("PrivacyRuntimeTesting: cannot generate the test key: \(error)")
        }
    }()

    /// The public half, what a policy's `encrypt` section points at.
    public static var publicKey: PaillierPublicKey { privateKey.publicKey }

    /// The public key as a JWK file (`test.pub.json` in a directory of its own under the temporary directory).
    public static let publicKeyURL: URL = {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("privacy-runtime-testing-\(UUID().uuidString)", isDirectory: true)
        let url = directory.appendingPathComponent("test.pub.json")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try publicKey.jwkData().write(to: url)
        } catch {
            fatalError("PrivacyRuntimeTesting: cannot write the test public key to \(url.path): \(error)")
        }
        return url
    }()

    /// Decrypts `ciphertext` (under `publicKey`) to an integer in policy units.
    public static func decrypt(_ ciphertext: PaillierCiphertext) throws -> Int64 {
        let value = try privateKey.decrypt(ciphertext)
        guard let result = value.int64Value else {
            throw HarnessError("decrypted value \(value) does not fit in Int64")
        }
        return result
    }

    /// Decrypts a ciphertext written as a decimal integer (as sinks store it) to an integer in policy units.
    public static func decrypt(decimal: String) throws -> Int64 {
        try decrypt(PaillierCiphertext(decimal: decimal, publicKey: publicKey))
    }
}
