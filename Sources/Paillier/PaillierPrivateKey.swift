import CGMP

/// A Paillier private key (the primes p, q) with the constants CRT decryption needs precomputed.
///
/// Only the key holder's tools use this type; the runtime takes public keys only.
public struct PaillierPrivateKey: Sendable {
    /// The matching public key.
    public let publicKey: PaillierPublicKey
    let p: BigInteger
    let q: BigInteger
    let pSquared: BigInteger
    let qSquared: BigInteger
    let pMinusOne: BigInteger
    let qMinusOne: BigInteger
    /// hp = L_p(g^(p−1) mod p²)^−1 mod p, and hq likewise.
    let hp: BigInteger
    let hq: BigInteger
    /// q^−1 mod p, for recombining the two halves.
    let qInverse: BigInteger

    /// A private key from its primes; checks p·q = n, p ≠ q, both odd and > 1, and gcd(n, φ(n)) = 1.
    public init(p: BigInteger, q: BigInteger, publicKey: PaillierPublicKey) throws {
        let one = BigInteger(1)
        guard p > one, q > one, p.isOdd, q.isOdd, p != q else {
            throw PaillierError(.invalidKey, "invalid Paillier private key: p and q must be distinct odd primes")
        }
        guard p * q == publicKey.n else {
            throw PaillierError(.invalidKey, "invalid Paillier private key: p·q does not equal n of key \(publicKey.keyID)")
        }
        guard publicKey.n.gcd((p - one) * (q - one)) == one else {
            throw PaillierError(.invalidKey, "invalid Paillier private key: gcd(n, (p−1)(q−1)) ≠ 1")
        }
        try self.init(validatedP: p, q: q, publicKey: publicKey)
    }

    /// Precomputes the CRT constants for primes the caller has checked.
    init(validatedP p: BigInteger, q: BigInteger, publicKey: PaillierPublicKey) throws {
        self.publicKey = publicKey
        self.p = p
        self.q = q
        let one = BigInteger(1)
        pSquared = p * p
        qSquared = q * q
        pMinusOne = p - one
        qMinusOne = q - one
        let g = publicKey.n + one
        guard let hp = Self.h(g: g, prime: p, primeSquared: pSquared, exponent: pMinusOne),
              let hq = Self.h(g: g, prime: q, primeSquared: qSquared, exponent: qMinusOne),
              let qInverse = q.inverse(modulo: p) else {
            throw PaillierError(.invalidKey, "invalid Paillier private key: p and q are not usable primes")
        }
        self.hp = hp
        self.hq = hq
        self.qInverse = qInverse
    }

    /// L_prime(g^exponent mod prime²)^−1 mod prime, where L_prime(x) = (x − 1)/prime.
    private static func h(g: BigInteger, prime: BigInteger, primeSquared: BigInteger, exponent: BigInteger) -> BigInteger? {
        let x = g.modulo(primeSquared).secretPower(exponent, modulo: primeSquared)
        return (x - BigInteger(1)).floorDivided(by: prime).inverse(modulo: prime)
    }

    /// Decrypts to the signed value python-paillier would return; throws for a ciphertext of
    /// another key, one outside [1, n²) or not coprime with n, or a value in the overflow band.
    ///
    /// CRT: m_p = L_p(c^(p−1) mod p²)·hp mod p, m_q likewise, both exponentiations with
    /// `mpz_powm_sec`; m = m_q + q·((m_p − m_q)·q^−1 mod p).
    public func decrypt(_ ciphertext: PaillierCiphertext) throws -> BigInteger {
        try publicKey.checkOwnership(ciphertext)
        try publicKey.validateCiphertext(ciphertext.value)
        let c = ciphertext.value
        let mp = half(c, prime: p, primeSquared: pSquared, exponent: pMinusOne, h: hp)
        let mq = half(c, prime: q, primeSquared: qSquared, exponent: qMinusOne, h: hq)
        let combined = mq + ((mp - mq) * qInverse).modulo(p) * q
        return try publicKey.decode(combined)
    }

    /// The plaintext modulo one prime.
    private func half(_ c: BigInteger, prime: BigInteger, primeSquared: BigInteger, exponent: BigInteger,
                      h: BigInteger) -> BigInteger {
        let x = c.modulo(primeSquared).secretPower(exponent, modulo: primeSquared)
        return ((x - BigInteger(1)).floorDivided(by: prime) * h).modulo(prime)
    }
}
