import Foundation

extension ThresholdPublicKey {
    /// The public key file: python-paillier's public JWK (so the runtime, and `pheutil`, read it as an
    /// ordinary public key) with a `threshold` member holding t, l, v and the v_i.
    public func jwkData() -> Data {
        JWK.serialize(jwk)
    }

    /// The public JWK with its threshold member.
    var jwk: JWK.Public {
        var jwk = paillier.jwk
        jwk.threshold = JWK.Threshold(
            scheme: Self.scheme, t: threshold, l: shareCount, v: JWK.encode(v),
            v_i: verificationKeys.map(JWK.encode), dealing: dealingID)
        return jwk
    }

    /// Loads a threshold public key file; a single key's public file, a private key or a share is refused
    /// with a message that says what it is.
    public static func load(contentsOf url: URL) throws -> ThresholdPublicKey {
        let data = try JWK.read(url, what: "threshold public key file")
        if JWK.holdsSecret(data) {
            throw PaillierError(.invalidKeyFile, "\(url.path) holds a secret (a private key or a key share); combine takes the threshold public key (PREFIX.pub.json)")
        }
        let jwk = try JWK.decode(JWK.Public.self, from: data, url: url, what: "Paillier public key (JWK)")
        return try ThresholdPublicKey(jwk: jwk, source: url.path)
    }

    /// A key from a decoded public JWK that must carry a threshold member; `source` names the file.
    init(jwk: JWK.Public, source: String) throws {
        let paillier = try PaillierPublicKey(jwk: jwk, source: source)
        guard let threshold = jwk.threshold else {
            throw PaillierError(
                .invalidKeyFile,
                "\(source) is a single key's public key, not a threshold key (no \"threshold\" member); a single key cannot be split into shares: deal a new key with `keygen --threshold T --shares L`")
        }
        try self.init(paillier: paillier, threshold: threshold, source: source)
    }

    /// Checks and assembles the threshold member: the scheme, 1 ≤ t ≤ l, l verification keys in
    /// Z*_{n²}, and the dealing fingerprint.
    init(paillier: PaillierPublicKey, threshold jwk: JWK.Threshold, source: String) throws {
        guard jwk.scheme == Self.scheme else {
            throw PaillierError(.invalidKeyFile, "\(source): unsupported threshold scheme '\(jwk.scheme)', expected '\(Self.scheme)'")
        }
        do {
            try ThresholdKeyGeneration.checkParameters(threshold: jwk.t, shares: jwk.l)
        } catch let error as PaillierError {
            throw PaillierError(.invalidKeyFile, "\(source): \(error.message)")
        }
        guard jwk.v_i.count == jwk.l else {
            throw PaillierError(.invalidKeyFile, "\(source): \(jwk.v_i.count) verification keys for \(jwk.l) shares")
        }
        let values = ([jwk.v] + jwk.v_i).map(JWK.decodeInteger)
        guard values.allSatisfy({ value in value.map { (try? paillier.validateCiphertext($0)) != nil } ?? false }) else {
            throw PaillierError(.invalidKeyFile, "\(source): 'v' and every 'v_i' must be base64url integers in Z*(n²)")
        }
        let integers = values.compactMap { $0 }
        self.init(validatedPaillier: paillier, threshold: jwk.t, v: integers[0], verificationKeys: Array(integers.dropFirst()))
        guard dealingID == jwk.dealing else {
            throw PaillierError(.invalidKeyFile, "\(source): the dealing fingerprint '\(jwk.dealing)' does not match the key's numbers (\(dealingID)): the file was altered")
        }
    }
}
