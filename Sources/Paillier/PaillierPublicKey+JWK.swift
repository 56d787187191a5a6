import Foundation

extension PaillierPublicKey {
    /// The key as python-paillier's public JWK:
    /// `{"kty":"DAJ","alg":"PAI-GN1","key_ops":["encrypt"],"n":"<base64url>","kid":"<label or keyID>"}`.
    public func jwkData() -> Data {
        JWK.serialize(jwk)
    }

    /// The public JWK object.
    var jwk: JWK.Public {
        JWK.Public(kty: "DAJ", alg: "PAI-GN1", key_ops: ["encrypt"], n: JWK.encode(n), kid: label ?? keyID)
    }

    /// Loads a public key file (as written by `jwkData()` or `pheutil extract`). Refuses private key
    /// files: the runtime takes public keys only.
    public static func load(contentsOf url: URL) throws -> PaillierPublicKey {
        let data = try JWK.read(url, what: "public key file")
        if JWK.holdsSecret(data) {
            throw PaillierError(
                .invalidKeyFile,
                "\(url.path) is a Paillier private key; the runtime takes public keys only (extract one with `pheutil extract \(url.path) public.json`)")
        }
        let jwk = try JWK.decode(JWK.Public.self, from: data, url: url, what: "Paillier public key (JWK)")
        return try PaillierPublicKey(jwk: jwk, source: url.path)
    }

    /// A key from a decoded public JWK; `source` names the file in messages.
    init(jwk: JWK.Public, source: String) throws {
        guard jwk.kty == "DAJ" else {
            throw PaillierError(.invalidKeyFile, "\(source): not a Paillier key: \"kty\" is '\(jwk.kty)', expected 'DAJ'")
        }
        if let alg = jwk.alg, alg != "PAI-GN1" {
            throw PaillierError(.invalidKeyFile, "\(source): unsupported Paillier key algorithm '\(alg)', expected 'PAI-GN1'")
        }
        guard let n = JWK.decodeInteger(jwk.n) else {
            throw PaillierError(.invalidKeyFile, "\(source): field 'n' is not base64url")
        }
        do {
            try self.init(n: n, label: jwk.kid)
        } catch let error as PaillierError {
            throw PaillierError(.invalidKeyFile, "\(source): \(error.message)")
        }
    }

    /// A short reason for a file-system error.
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError {
            return "no such file"
        }
        return nsError.localizedDescription
    }
}
