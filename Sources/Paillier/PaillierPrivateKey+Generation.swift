import CGMP

extension PaillierPrivateKey {
    /// Key sizes `generate(bits:)` accepts.
    public static let supportedBits: [Int] = [2048, 3072, 4096]

    /// Generates a key pair with an n of exactly `bits` bits (2048, 3072 or 4096).
    ///
    /// p and q are bits/2-bit probable primes drawn from the OS CSPRNG, each with its two top bits
    /// set (so p·q has exactly `bits` bits and p, q ≥ √2·2^(bits/2−1) as FIPS 186-5 A.1.3 asks),
    /// tested with trial division and the Miller–Rabin rounds of FIPS 186-5 Table B.1; the pair is
    /// redrawn unless |p − q| > 2^(bits/2 − 100) and gcd(n, (p−1)(q−1)) = 1. The key id is the
    /// fingerprint of n.
    public static func generate(bits: Int) throws -> PaillierPrivateKey {
        guard supportedBits.contains(bits) else {
            throw PaillierError(
                .unsupportedKeySize,
                "unsupported Paillier key size \(bits): choose one of \(supportedBits.map(String.init).joined(separator: ", "))")
        }
        let primeBits = bits / 2
        let minimumDistance = BigInteger(1).shiftedLeft(by: primeBits - 100)
        let one = BigInteger(1)
        while true {
            let p = randomPrime(bits: primeBits)
            let q = randomPrime(bits: primeBits)
            let distance = p > q ? p - q : q - p
            guard distance > minimumDistance else { continue }
            let n = p * q
            guard n.bitWidth == bits, n.gcd((p - one) * (q - one)) == one else { continue }
            let publicKey = PaillierPublicKey(validatedModulus: n, label: nil)
            return try PaillierPrivateKey(validatedP: p, q: q, publicKey: publicKey)
        }
    }

    /// A random probable prime of exactly `bits` bits with its two top bits set.
    static func randomPrime(bits: Int) -> BigInteger {
        let rounds = PrimalityTest.millerRabinRounds(primeBits: bits)
        while true {
            let candidate = MPZ()
            SecureRandom.setRandomBits(candidate.pointer, bits: bits)
            __gmpz_setbit(candidate.pointer, mp_bitcnt_t(bits - 1))
            __gmpz_setbit(candidate.pointer, mp_bitcnt_t(bits - 2))
            __gmpz_setbit(candidate.pointer, 0)
            let value = BigInteger(storage: candidate)
            if PrimalityTest.isProbablePrime(value, rounds: rounds) { return value }
        }
    }
}
