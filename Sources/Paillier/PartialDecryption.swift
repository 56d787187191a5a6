/// One custodian's contribution to decrypting one ciphertext: c_i = c^(2Δs_i) mod n² and the proof
/// that it used the same s_i as the verification key v_i.
public struct PartialDecryption: Sendable, Hashable {
    /// The share index i (1-based) of the custodian who made it.
    public let index: Int
    /// c_i = c^(2Δs_i) mod n².
    public let value: BigInteger
    /// The proof of equality of discrete logarithms.
    public let proof: EqualityProof

    /// A partial decryption as read from a file (`verify` checks it).
    public init(index: Int, value: BigInteger, proof: EqualityProof) {
        self.index = index
        self.value = value
        self.proof = proof
    }

    /// True when `value` is c^(2Δs_i) for share `index` of `key`: c_i is in Z*_{n²} and the proof,
    /// bound to `ciphertext` and `context`, verifies.
    public func verify(_ ciphertext: PaillierCiphertext, context: [UInt8], key: ThresholdPublicKey) -> Bool {
        guard ciphertext.keyID == key.keyID, (try? key.paillier.validateCiphertext(value)) != nil else { return false }
        return proof.verify(ciphertext: ciphertext.value, partial: value, index: index, context: context, key: key)
    }
}
