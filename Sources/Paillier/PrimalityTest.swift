import CGMP

/// Probable-prime testing for key generation: trial division, then Miller–Rabin rounds with bases
/// drawn from the OS CSPRNG (not `mpz_probab_prime_p`, whose bases come from a fixed-seed GMP
/// generator an adversary could predict).
enum PrimalityTest {
    /// Odd primes below 2000, for trial division.
    static let smallPrimes = oddPrimes(below: 2000)

    /// The odd primes below `limit`, by the sieve of Eratosthenes.
    static func oddPrimes(below limit: Int) -> [UInt] {
        var composite = [Bool](repeating: false, count: limit)
        var primes: [UInt] = []
        for candidate in 3..<limit where !composite[candidate] && candidate % 2 == 1 {
            primes.append(UInt(candidate))
            var multiple = candidate * candidate
            while multiple < limit {
                composite[multiple] = true
                multiple += candidate
            }
        }
        return primes
    }

    /// Miller–Rabin rounds from FIPS 186-5 Table B.1 (probable primes p, q generated with M-R tests
    /// only, error probability 2^-112, 2^-128, 2^-144 for nlen 2048, 3072, 4096); larger primes
    /// use the 2048-bit prime row, smaller ones the 1024-bit row.
    static func millerRabinRounds(primeBits: Int) -> Int {
        switch primeBits {
        case ..<1536: return 5
        case ..<2048: return 4
        default: return 4
        }
    }

    /// True when `candidate` (odd, > 3) survives trial division and `rounds` Miller–Rabin rounds.
    static func isProbablePrime(_ candidate: BigInteger, rounds: Int) -> Bool {
        for prime in smallPrimes {
            if candidate.remainder(dividingBy: prime) == 0 {
                return __gmpz_cmp_ui(candidate.pointer, prime) == 0
            }
        }
        return millerRabin(candidate, rounds: rounds)
    }

    /// FIPS 186-5 B.3.1 Miller–Rabin with uniform bases in [2, w-2] from the CSPRNG. The exponent
    /// m derives from the secret candidate, so the exponentiation is `mpz_powm_sec`.
    static func millerRabin(_ w: BigInteger, rounds: Int) -> Bool {
        let one = BigInteger(1)
        let wMinus1 = w - one
        var a = 0
        while !wMinus1.testBit(a) { a += 1 }
        let m = wMinus1.shiftedRight(by: a)
        let three = BigInteger(3)
        for _ in 0..<rounds {
            // b uniform in [2, w-2]: draw from [0, w-3) and add 2.
            let b = MPZ()
            let range = w - three
            withExtendedLifetime(range) { SecureRandom.setRandom(b.pointer, below: range.pointer) }
            __gmpz_add_ui(b.pointer, b.pointer, 2)
            var z = BigInteger(storage: b).secretPower(m, modulo: w)
            if z == one || z == wMinus1 { continue }
            var passed = false
            for _ in 0..<(a - 1) {
                z = (z * z).modulo(w)
                if z == wMinus1 {
                    passed = true
                    break
                }
                if z == one { return false }
            }
            if !passed { return false }
        }
        return true
    }
}
