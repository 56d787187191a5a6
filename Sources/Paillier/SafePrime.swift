import CGMP

/// Random safe primes p = 2p' + 1 (p' prime too), the primes threshold Paillier needs, drawn from the
/// OS CSPRNG.
///
/// Search: a random start p'₀ of bits − 1 bits (two top bits set, odd), then a sieve over the next
/// `window` odd candidates p' = p'₀ + 2k that strikes every k for which p' or 2p' + 1 has a prime
/// factor below 2^16; the survivors get a Fermat test of p', then of p, then Miller–Rabin rounds on
/// both (all with `mpz_powm_sec`, the candidates being secret). A window without a safe prime is
/// followed by a fresh random start.
enum SafePrime {
    /// Odd primes below 2^16, the sieve's divisors.
    static let sievePrimes = PrimalityTest.oddPrimes(below: 1 << 16)

    /// Odd candidates sieved per random start.
    static let window = 1 << 16

    /// A safe prime p of exactly `bits` bits with its two top bits set, and p' = (p − 1)/2.
    static func random(bits: Int) -> (p: BigInteger, pPrime: BigInteger) {
        precondition(bits >= 24, "safe primes below 24 bits are not supported")
        let rounds = PrimalityTest.millerRabinRounds(primeBits: bits)
        while true {
            let start = MPZ()
            SecureRandom.setRandomBits(start.pointer, bits: bits - 1)
            __gmpz_setbit(start.pointer, mp_bitcnt_t(bits - 2))
            __gmpz_setbit(start.pointer, mp_bitcnt_t(bits - 3))
            __gmpz_setbit(start.pointer, 0)
            let base = BigInteger(storage: start)
            let struck = sieve(from: base)
            for offset in 0..<window where !struck[offset] {
                let pPrime = base + BigInteger(Int64(2 * offset))
                guard pPrime.bitWidth == bits - 1 else { break }
                let p = pPrime.shiftedLeft(by: 1) + BigInteger(1)
                guard passesFermat(pPrime), passesFermat(p),
                      PrimalityTest.millerRabin(pPrime, rounds: rounds),
                      PrimalityTest.millerRabin(p, rounds: rounds) else { continue }
                return (p, pPrime)
            }
        }
    }

    /// struck[k] is true when p'₀ + 2k or 2(p'₀ + 2k) + 1 is divisible by a sieve prime.
    private static func sieve(from base: BigInteger) -> [Bool] {
        var struck = [Bool](repeating: false, count: window)
        for prime in sievePrimes {
            let residue = base.remainder(dividingBy: prime)
            let halfInverse = (prime + 1) / 2
            // p'₀ + 2k ≡ 0  ⇔  k ≡ −p'₀ · 2⁻¹ (mod prime).
            let first = ((prime - residue) % prime) * halfInverse % prime
            // 2(p'₀ + 2k) + 1 ≡ 0  ⇔  p'₀ + 2k ≡ −2⁻¹  ⇔  k ≡ (−2⁻¹ − p'₀) · 2⁻¹ (mod prime).
            let target = (2 * prime - halfInverse - residue) % prime
            let second = target * halfInverse % prime
            for start in [first, second] {
                var k = Int(start)
                while k < window {
                    struck[k] = true
                    k += Int(prime)
                }
            }
        }
        return struck
    }

    /// True when 2^(w−1) ≡ 1 (mod w): a cheap filter before Miller–Rabin.
    private static func passesFermat(_ w: BigInteger) -> Bool {
        let exponent = w - BigInteger(1)
        return BigInteger(2).secretPower(exponent, modulo: w) == BigInteger(1)
    }
}
