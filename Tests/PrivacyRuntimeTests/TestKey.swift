import Foundation
import Paillier

/// One 2048-bit key for the whole test run (generation is the slow part), with its public half on disk.
enum TestKey {
    static let privateKey: PaillierPrivateKey = try! PaillierPrivateKey.generate(bits: 2048)

    /// A directory of its own holding `test.pub.json`.
    static let publicKeyURL: URL = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("runtime-key-\(UUID())")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("test.pub.json")
        try! privateKey.publicKey.jwkData().write(to: url)
        return url
    }()

    /// Decrypts a stored aggregate's ciphertext to an Int64.
    static func decrypt(_ decimal: String) throws -> Int64 {
        let ciphertext = try PaillierCiphertext(decimal: decimal, publicKey: privateKey.publicKey)
        return try privateKey.decrypt(ciphertext).int64Value!
    }
}
