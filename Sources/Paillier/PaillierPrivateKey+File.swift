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
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw PaillierError(.invalidKeyFile, "cannot write private key file \(url.path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else {
            throw PaillierError(.invalidKeyFile, "cannot set mode 0600 on \(url.path): \(String(cString: strerror(errno)))")
        }
        let data = jwkData()
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw PaillierError(.invalidKeyFile, "cannot write private key file \(url.path): \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
    }

    /// Loads a private key file (ours or `pheutil genpkey`'s). Refuses a file that group or others
    /// may access, and checks p·q = n.
    public static func load(contentsOf url: URL) throws -> PaillierPrivateKey {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw PaillierError(.invalidKeyFile, "cannot read private key file \(url.path): \(String(cString: strerror(errno)))")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw PaillierError(
                .insecureKeyFile,
                "private key file \(url.path) is accessible by group or others (mode \(String(mode, radix: 8))); run `chmod 600 \(url.path)`")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw PaillierError(.invalidKeyFile, "cannot read private key file \(url.path): \(PaillierPublicKey.reason(error))")
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
