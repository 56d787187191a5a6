import Foundation

extension KeyShare {
    /// A share file's members other than the secret `s`, which is written and read separately so it
    /// only ever sits in wiped memory.
    struct FileFields: Codable {
        var kty: String
        var key_ops: [String]
        var kid: String
        var index: Int
        var dealing: String
        var pub: JWK.Public
    }

    /// Writes the share file, mode 0600:
    /// `{"kty":"DAJ","key_ops":["decrypt-share"],"kid":…,"index":i,"dealing":…,"pub":{threshold public JWK},"s":"<base64url>"}`.
    /// The file's text is assembled in memory that is wiped afterwards.
    public func write(to url: URL) throws {
        let label = publicKey.paillier.label ?? publicKey.keyID
        var fields = JWK.serialize(FileFields(
            kty: "DAJ", key_ops: [Self.keyOperation], kid: "\(label) (share \(index) of \(publicKey.shareCount))",
            index: index, dealing: publicKey.dealingID, pub: publicKey.jwk))
        // JWK.serialize ends the object with "}\n"; the secret member goes before them.
        fields.removeLast(2)
        let text = SecretBytes(capacity: fields.count + (secret.bitWidth + 5) / 6 + 16)
        fields.withUnsafeBytes { text.append($0) }
        text.append(",\"s\":\"")
        SecretInteger.appendBase64URL(of: secret, to: text)
        text.append("\"}\n")
        try OwnerOnlyFile.write(text.bytes, to: url, what: "key share file")
    }

    /// Loads a share file: refuses one that group or others may access, checks its public key and that
    /// v^(Δ·s_i) equals the published v_i. The file's bytes are wiped once read.
    public static func load(contentsOf url: URL) throws -> KeyShare {
        let contents = try OwnerOnlyFile.read(url, what: "key share file")
        let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: contents.bytes.baseAddress!), count: contents.count, deallocator: .none)
        if let probe = try? JSONDecoder().decode(JWK.Probe.self, from: data), probe.p != nil || probe.q != nil {
            throw PaillierError(
                .invalidKeyFile,
                "\(url.path) is a single key's private key, not a key share; a single key cannot become a threshold key (its primes are not safe primes): use `decrypt` with it")
        }
        let fields = try JWK.decode(FileFields.self, from: data, url: url, what: "threshold key share")
        guard fields.kty == "DAJ", fields.key_ops.contains(keyOperation) else {
            throw PaillierError(.invalidKeyFile, "\(url.path): not a threshold key share (\"key_ops\" lacks \"\(keyOperation)\")")
        }
        let publicKey = try ThresholdPublicKey(jwk: fields.pub, source: url.path)
        guard fields.dealing == publicKey.dealingID, (1...publicKey.shareCount).contains(fields.index) else {
            throw PaillierError(.invalidKeyFile, "\(url.path): index or dealing fingerprint does not match the share's public key")
        }
        guard let range = JSONMemberLocator.stringValue(of: "s", in: contents.bytes),
              let secret = SecretInteger.decodeBase64URL(UnsafeRawBufferPointer(rebasing: contents.bytes[range])) else {
            throw PaillierError(.invalidKeyFile, "\(url.path): not a threshold key share: missing or malformed field 's'")
        }
        let share = KeyShare(validatedIndex: fields.index, secret: secret, publicKey: publicKey)
        guard share.matchesVerificationKey() else {
            throw PaillierError(
                .invalidKeyFile,
                "\(url.path): share \(fields.index) does not match its verification key v_\(fields.index): the file was altered")
        }
        return share
    }
}
