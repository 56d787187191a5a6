import CGMP

/// The trusted dealer of a t-of-l threshold Paillier key (Shoup's threshold RSA as Damgård–Jurik apply
/// it to Paillier, s = 1). Every secret it computes (p, q, p', q', m, d, the polynomial) is a GMP
/// integer in memory that the zeroing allocator wipes as the dealer returns; only the shares leave it.
public enum ThresholdKeyGeneration {
    /// The most shares a dealing may have (Δ = l! grows quickly; 64 custodians is plenty).
    public static let maximumShares = 64

    /// Deals a key with an n of exactly `bits` bits (2048, 3072 or 4096) into `shares` shares, any
    /// `threshold` of which decrypt.
    ///
    /// n = p·q with safe primes p = 2p' + 1, q = 2q' + 1 of bits/2 bits (`SafePrime`), m = p'·q';
    /// d ≡ 0 (mod m), d ≡ 1 (mod n); f(X) = d + a_1·X + … + a_{t−1}·X^{t−1} with a_j uniform in
    /// [0, n·m); s_i = f(i) mod n·m; v a random square mod n², v_i = v^(Δ·s_i) mod n².
    public static func deal(bits: Int, threshold: Int, shares: Int, label: String? = nil) throws -> ThresholdDealing {
        guard PaillierPrivateKey.supportedBits.contains(bits) else {
            throw PaillierError(
                .unsupportedKeySize,
                "unsupported Paillier key size \(bits): choose one of \(PaillierPrivateKey.supportedBits.map(String.init).joined(separator: ", "))")
        }
        try checkParameters(threshold: threshold, shares: shares)
        return deal(validatedBits: bits, threshold: threshold, shares: shares, label: label)
    }

    /// Throws unless 1 ≤ threshold ≤ shares ≤ `maximumShares`.
    static func checkParameters(threshold: Int, shares: Int) throws {
        guard shares >= 1, shares <= maximumShares else {
            throw PaillierError(.invalidThreshold, "the number of shares must be 1 to \(maximumShares), got \(shares)")
        }
        guard threshold >= 1, threshold <= shares else {
            throw PaillierError(.invalidThreshold, "the threshold must be 1 to the number of shares (\(shares)), got \(threshold)")
        }
    }

    /// Deals a key of any size ≥ 64 bits (tests use small ones); parameters already checked.
    static func deal(validatedBits bits: Int, threshold: Int, shares: Int, label: String?) -> ThresholdDealing {
        let one = BigInteger(1)
        let minimumDistance = one.shiftedLeft(by: max(bits / 2 - 100, bits / 4))
        while true {
            let (p, pPrime) = SafePrime.random(bits: bits / 2)
            let (q, qPrime) = SafePrime.random(bits: bits / 2)
            let distance = p > q ? p - q : q - p
            let n = p * q
            guard distance > minimumDistance, n.bitWidth == bits else { continue }
            let m = pPrime * qPrime
            guard let mInverse = m.inverse(modulo: n) else { continue }
            let d = m * mInverse
            let nm = n * m
            var coefficients = [d]
            for _ in 1..<max(threshold, 1) {
                let coefficient = MPZ()
                SecureRandom.setRandom(coefficient.pointer, below: nm.pointer)
                coefficients.append(BigInteger(storage: coefficient))
            }
            let secrets = (1...shares).map { evaluate(coefficients, at: $0, modulo: nm) }
            guard secrets.allSatisfy({ $0.signum > 0 }) else { continue }
            let paillier = PaillierPublicKey(validatedModulus: n, label: label)
            let nSquared = paillier.nSquared
            let r = SecureRandom.unit(modulo: nSquared)
            let v = (r * r).modulo(nSquared)
            let delta = ThresholdPublicKey.factorial(shares)
            let verificationKeys = secrets.map { v.secretPower(delta * $0, modulo: nSquared) }
            let publicKey = ThresholdPublicKey(validatedPaillier: paillier, threshold: threshold, v: v, verificationKeys: verificationKeys)
            let keyShares = secrets.enumerated().map { KeyShare(validatedIndex: $0.offset + 1, secret: $0.element, publicKey: publicKey) }
            return ThresholdDealing(publicKey: publicKey, shares: keyShares)
        }
    }

    /// f(x) mod `modulus` by Horner's rule.
    private static func evaluate(_ coefficients: [BigInteger], at x: Int, modulo modulus: BigInteger) -> BigInteger {
        let point = BigInteger(Int64(x))
        var result = BigInteger(0)
        for coefficient in coefficients.reversed() {
            result = (result * point + coefficient).modulo(modulus)
        }
        return result
    }
}
