import Foundation

extension PaillierPrivateKey {
    /// The key as python-paillier's private JWK:
    /// `{"kty":"DAJ","key_ops":["decrypt"],"p":…,"q":…,"pub":{public JWK},"kid":"<label or keyID>"}`.
    public func jwkData() -> Data {
        JWK.serialize(JWK.Private(
            kty: "DAJ", key_ops: ["decrypt"], p: JWK.encode(p), q: JWK.encode(q),
            pub: publicKey.jwk, kid: publicKey.label ?? publicKey.keyID))
    }

    /// Writes the private JWK to `url` with mode 0600 (also when the file already existed).
    public func write(to url: URL) throws {
        try jwkData().withUnsafeBytes { try OwnerOnlyFile.write($0, to: url, what: "private key file") }
    }

    /// Loads a private key file (ours or `pheutil genpkey`'s). Refuses a file that group or others
    /// may access, and checks p·q = n.
    public static func load(contentsOf url: URL) throws -> PaillierPrivateKey {
        try OwnerOnlyFile.checkMode(of: url, what: "private key file")
        let data = try JWK.read(url, what: "private key file")
        if let probe = try? JSONDecoder().decode(JWK.Probe.self, from: data), probe.key_ops?.contains(KeyShare.keyOperation) == true {
            throw PaillierError(
                .invalidKeyFile,
                "\(url.path) is one custodian's share of a threshold key: no single file decrypts; use `decrypt-share` and `combine`")
        }
        let jwk = try JWK.decode(JWK.Private.self, from: data, url: url, what: "Paillier private key (JWK)")
        guard jwk.kty == "DAJ" else {
            throw PaillierError(.invalidKeyFile, "\(url.path): not a Paillier key: \"kty\" is '\(jwk.kty)', expected 'DAJ'")
        }
        if let operations = jwk.key_ops, !operations.contains("decrypt") {
            throw PaillierError(.invalidKeyFile, "\(url.path): not a private key: \"key_ops\" lacks \"decrypt\"")
        }
        let publicKey = try PaillierPublicKey(jwk: jwk.pub, source: url.path)
        guard let p = JWK.decodeInteger(jwk.p), let q = JWK.decodeInteger(jwk.q) else {
            throw PaillierError(.invalidKeyFile, "\(url.path): fields 'p' and 'q' must be base64url")
        }
        do {
            return try PaillierPrivateKey(p: p, q: q, publicKey: publicKey)
        } catch let error as PaillierError {
            throw PaillierError(.invalidKeyFile, "\(url.path): \(error.message)")
        }
    }
}
