/// One custodian's share s_i of a threshold Paillier key: it computes partial decryptions, never a
/// plaintext. Its secret lives in GMP memory that is wiped when the last copy is released.
public struct KeyShare: Sendable {
    /// The threshold key the share belongs to.
    public let publicKey: ThresholdPublicKey
    /// The share index i, 1...l.
    public let index: Int
    /// s_i = f(i) mod n·m, f the dealer's polynomial with f(0) = d.
    let secret: BigInteger

    /// The `key_ops` entry that marks a share file.
    static let keyOperation = "decrypt-share"

    /// A share the caller has checked against `publicKey` (the dealer, or the file loader).
    init(validatedIndex index: Int, secret: BigInteger, publicKey: ThresholdPublicKey) {
        self.index = index
        self.secret = secret
        self.publicKey = publicKey
    }

    /// c_i = c^(2Δs_i) mod n² (constant time, `mpz_powm_sec`) with its proof, bound to `context`
    /// (the caller's identity of the ciphertext, e.g. policy, scope key and window). Throws for a
    /// ciphertext of another key or outside Z*_{n²}.
    public func decrypt(_ ciphertext: PaillierCiphertext, context: [UInt8]) throws -> PartialDecryption {
        try publicKey.paillier.checkOwnership(ciphertext)
        try publicKey.paillier.validateCiphertext(ciphertext.value)
        let deltaS = publicKey.delta * secret
        let partial = ciphertext.value.secretPower(deltaS.shiftedLeft(by: 1), modulo: publicKey.paillier.nSquared)
        let proof = EqualityProof.prove(
            ciphertext: ciphertext.value, partial: partial, exponent: deltaS, index: index, context: context, key: publicKey)
        return PartialDecryption(index: index, value: partial, proof: proof)
    }

    /// True when v^(Δ·s_i) equals the published v_i: the share matches its key.
    func matchesVerificationKey() -> Bool {
        guard secret.signum > 0, let vi = publicKey.verificationKey(index: index) else { return false }
        return publicKey.v.secretPower(publicKey.delta * secret, modulo: publicKey.paillier.nSquared) == vi
    }
}
