import Foundation
import Paillier

/// One 2048-bit key for the whole test run (generation is the slow part), with its public half on disk.
enum PluginTestKey {
    static let privateKey: PaillierPrivateKey = try! PaillierPrivateKey.generate(bits: 2048)

    /// `test.pub.json` in a directory of its own.
    static let publicKeyURL: URL = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plugin-key-\(UUID())")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("test.pub.json")
        try! privateKey.publicKey.jwkData().write(to: url)
        return url
    }()

    /// Decrypts a stored aggregate's decimal ciphertext.
    static func decrypt(_ decimal: String) throws -> Int64 {
        let ciphertext = try PaillierCiphertext(decimal: decimal, publicKey: privateKey.publicKey)
        return try privateKey.decrypt(ciphertext).int64Value!
    }
}
