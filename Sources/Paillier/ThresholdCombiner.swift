/// Combines t partial decryptions of one ciphertext into its plaintext, after verifying every proof:
/// c' = Π c_i^(2μ_i) mod n², μ_i = Δ·λ_i the integer Lagrange coefficients at 0, and
/// m = L(c')·(4Δ²)⁻¹ mod n, decoded as a signed value the way `PaillierPrivateKey.decrypt` does.
public struct ThresholdCombiner: Sendable {
    /// What a combination used and what it left out.
    public struct Result: Sendable {
        /// The signed plaintext.
        public let plaintext: BigInteger
        /// The share indices whose partials were combined (t of them, ascending).
        public let used: [Int]
        /// The share indices whose partials failed verification and were left out.
        public let rejected: [Int]
    }

    /// The outcome of checking the proofs of one ciphertext's partials.
    public struct Verification: Sendable {
        /// The partials whose proofs verify, one per custodian, by ascending index.
        public let valid: [PartialDecryption]
        /// The share indices whose partials failed verification (ascending).
        public let rejected: [Int]
    }

    /// The threshold key.
    public let publicKey: ThresholdPublicKey

    /// A combiner for `publicKey`.
    public init(publicKey: ThresholdPublicKey) {
        self.publicKey = publicKey
    }

    /// Verifies every partial (a custodian's second partial for the same ciphertext is ignored once one
    /// of theirs verified), leaves out the invalid ones, and decrypts with the t valid ones of the
    /// lowest indices. Throws `notEnoughPartials` naming the custodians when fewer than t verify.
    public func combine(_ ciphertext: PaillierCiphertext, context: [UInt8], partials: [PartialDecryption]) throws -> Result {
        try combine(try verify(ciphertext, context: context, partials: partials))
    }

    /// The partials that verify, by index, and the indices of those that do not (ascending): the first
    /// step of `combine`, for callers that report the rejected custodians whatever the outcome.
    public func verify(_ ciphertext: PaillierCiphertext, context: [UInt8], partials: [PartialDecryption]) throws -> Verification {
        try publicKey.paillier.checkOwnership(ciphertext)
        try publicKey.paillier.validateCiphertext(ciphertext.value)
        var valid: [Int: PartialDecryption] = [:]
        var rejected: Set<Int> = []
        for partial in partials where valid[partial.index] == nil {
            if partial.verify(ciphertext, context: context, key: publicKey) {
                valid[partial.index] = partial
            } else {
                rejected.insert(partial.index)
            }
        }
        return Verification(valid: valid.keys.sorted().map { valid[$0]! }, rejected: rejected.sorted())
    }

    /// Decrypts with the t verified partials of the lowest indices; throws `notEnoughPartials` naming
    /// the custodians when fewer than t verified.
    public func combine(_ verification: Verification) throws -> Result {
        let chosen = Array(verification.valid.prefix(publicKey.threshold))
        guard chosen.count == publicKey.threshold else {
            throw PaillierError(.notEnoughPartials, shortfallMessage(valid: verification.valid.map(\.index), rejected: verification.rejected))
        }
        let plaintext = try publicKey.paillier.decode(try combineVerified(chosen))
        return Result(plaintext: plaintext, used: chosen.map(\.index), rejected: verification.rejected)
    }

    /// L(Π c_i^(2μ_i) mod n²)·(4Δ²)⁻¹ mod n for t verified partials of distinct indices.
    func combineVerified(_ partials: [PartialDecryption]) throws -> BigInteger {
        let paillier = publicKey.paillier
        let nSquared = paillier.nSquared
        let indices = partials.map(\.index)
        var product = BigInteger(1)
        for partial in partials {
            let mu = lagrangeTimesDelta(at: partial.index, indices: indices)
            // Partials are public values: variable-time exponentiation is fine here.
            let base = mu.signum < 0 ? partial.value.inverse(modulo: nSquared)! : partial.value
            let magnitude = mu.signum < 0 ? -mu : mu
            product = (product * base.power(magnitude.shiftedLeft(by: 1), modulo: nSquared)).modulo(nSquared)
        }
        let (quotient, remainder) = (product - BigInteger(1)).quotientAndRemainder(dividingBy: paillier.n)
        let fourDeltaSquared = (publicKey.delta * publicKey.delta).shiftedLeft(by: 2)
        guard remainder.signum == 0, let inverse = fourDeltaSquared.inverse(modulo: paillier.n) else {
            throw PaillierError(.invalidCiphertext, "the partial decryptions do not combine to a Paillier plaintext of key \(paillier.keyID)")
        }
        return (quotient * inverse).modulo(paillier.n)
    }

    /// μ_i = Δ·Π_{j≠i} j/(j − i), an integer because Δ = l!.
    func lagrangeTimesDelta(at index: Int, indices: [Int]) -> BigInteger {
        var numerator = publicKey.delta
        var denominator = BigInteger(1)
        for other in indices where other != index {
            numerator = numerator * BigInteger(Int64(other))
            denominator = denominator * BigInteger(Int64(other - index))
        }
        let negative = denominator.signum < 0
        let quotient = numerator.floorDivided(by: negative ? -denominator : denominator)
        return negative ? -quotient : quotient
    }

    /// Says how many partials verified, which custodians they came from, and which were left out.
    private func shortfallMessage(valid: [Int], rejected: [Int]) -> String {
        let validText = valid.isEmpty ? "none" : "custodian " + valid.map(String.init).joined(separator: ", ")
        var text = "only \(valid.count) valid partial decryption\(valid.count == 1 ? "" : "s") (\(validText)); "
            + "key \(publicKey.keyID) needs \(publicKey.threshold) of \(publicKey.shareCount)"
        if !rejected.isEmpty {
            text += "; invalid partial\(rejected.count == 1 ? "" : "s") left out from custodian " + rejected.map(String.init).joined(separator: ", ")
        }
        return text
    }
}
