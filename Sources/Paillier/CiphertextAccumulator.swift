import CGMP

/// A running homomorphic sum: multiplies ciphertexts into one product modulo n², in place, in a
/// fixed block of limbs (no allocation per add).
///
/// The product is kept in base n, x = a + b·n with a, b < n (h limbs each, h = limbs of n), because
/// x·c mod n² then needs no reduction modulo n². With c = c₀ + c₁·n:
/// x·c ≡ a·c₀ + (a·c₁ + b·c₀)·n (mod n²), and with a·c₀ = q·n + r the new digits are a' = r and
/// b' = (q + a·c₁ + b·c₀) mod n: three h-limb products and two divisions by n, about 8% faster at
/// 2048 bits than one 2h-limb product and its Montgomery reduction modulo n² (benchmarks/gmp_add_floor.c
/// measures both). The encryptor supplies c's digits
/// (`BaseNDigits`); a ciphertext from elsewhere is split here first.
///
/// A reading can also be added as a plaintext m (`add(plaintext:)`), x·(1 + m·n) ≡ a + (b + a·m)·n: only the
/// high digit changes, b' = (b + a·m) mod n, one h-limb by one-limb product and a reduction. The sum must hold
/// a fresh encryption first (E(0) for a window in `per_window` mode), or the plaintexts would sit in b in clear.
///
/// Ciphertexts without digits, readings encrypted at the meter, are folded a window's batch at a time as one product
/// (`addProduct(of:)`, Montgomery multiplications modulo n²), which costs less than splitting each.
///
/// Value semantics: a copy shares state until either side adds (copy on write).
public struct CiphertextAccumulator: Sendable {
    /// The key every added ciphertext must belong to.
    public let publicKey: PaillierPublicKey
    private var state: State

    /// An empty sum (it seals to E(0) = 1, which decrypts to 0).
    public init(publicKey: PaillierPublicKey) {
        self.publicKey = publicKey
        self.state = State(digitLimbs: Int(__gmpz_size(publicKey.n.pointer)))
    }

    /// Number of ciphertexts added so far.
    public var count: Int { state.count }

    /// Number of plaintexts added so far (`add(plaintext:)`).
    public var plaintextCount: Int { state.plaintexts }

    /// Folds `ciphertext` into the sum. The ciphertext must come from `publicKey` (a mismatch is
    /// a programming error and stops the process with a message naming both keys).
    public mutating func add(_ ciphertext: PaillierCiphertext) {
        precondition(
            ciphertext.keyID == publicKey.keyID,
            "CiphertextAccumulator for key \(publicKey.keyID) was given a ciphertext of key \(ciphertext.keyID)")
        if !isKnownUniquelyReferenced(&state) { state = State(copying: state) }
        let digits = ciphertext.digits ?? BaseNDigits(ciphertext.value, n: publicKey.n)
        let h = state.digitLimbs
        let a = state.limbs, b = state.limbs + h
        let n = __gmpz_limbs_read(publicKey.n.pointer)!
        withExtendedLifetime((digits, publicKey.n)) {
            // Two blocks of at most 1 KB at 2048 bits, so both stay on the stack.
            withUnsafeTemporaryAllocation(of: mp_limb_t.self, capacity: 3 * h + 2) { first in
                withUnsafeTemporaryAllocation(of: mp_limb_t.self, capacity: 2 * h + 1) { second in
                    let cross = first.baseAddress!, quotient = cross + 2 * h, sum = second.baseAddress!
                    __gmpn_mul_n(cross, a, digits.high, h)                    // a·c₁
                    __gmpn_mul_n(sum, a, digits.low, h)                       // a·c₀ = q·n + r
                    __gmpn_tdiv_qr(quotient, a, 0, sum, 2 * h, n, h)          // a' = r; q has h + 1 limbs
                    __gmpn_mul_n(sum, b, digits.low, h)                       // b·c₀
                    sum[2 * h] = __gmpn_add_n(sum, sum, cross, 2 * h)         // + a·c₁
                    _ = __gmpn_add(sum, sum, 2 * h + 1, quotient, h + 1)      // + q (no carry out: below 2n² + n)
                    __gmpn_tdiv_qr(quotient, b, 0, sum, 2 * h + 1, n, h)      // b' = (…) mod n
                }
            }
        }
        state.count += 1
    }

    /// Folds ciphertexts of `publicKey` whose coprimality with n was not checked (`ciphertexts(decimals:checkingCoprimality:)`) and
    /// returns the indices of those that are not units modulo n² (gcd(c, n) ≠ 1), none of which is folded: one would
    /// leave a sum no key can decrypt. They are folded as one product (`addProduct(of:)`), and checked from the sum,
    /// with one gcd for all of them: its low digit is the product of the factors' low digits modulo n (times a power
    /// of R, coprime with n), a unit exactly when each of them is. Only when it is not is the sum put back and the
    /// ciphertexts checked one by one (`PaillierPublicKey.nonUnits(among:)`).
    public mutating func addCheckingUnits(_ ciphertexts: [PaillierCiphertext]) -> [Int] {
        guard !ciphertexts.isEmpty else { return [] }
        let before = self
        if !addProduct(of: ciphertexts) {
            for ciphertext in ciphertexts { add(ciphertext) }
        }
        if isUnit { return [] }
        self = before
        let refused = publicKey.nonUnits(among: ciphertexts)
        for index in ciphertexts.indices where !refused.contains(index) { add(ciphertexts[index]) }
        return refused
    }

    /// Whether the sum is a unit modulo n² (a ciphertext the key can decrypt): its low digit is coprime with n.
    public var isUnit: Bool {
        var size = state.digitLimbs
        while size > 0, state.limbs[size - 1] == 0 { size -= 1 }
        var low = __mpz_struct()
        _ = __gmpz_roinit_n(&low, state.limbs, size)
        let divisor = MPZ()
        return withExtendedLifetime((state, publicKey.n)) {
            __gmpz_gcd(divisor.pointer, &low, publicKey.n.pointer)
            return __gmpz_cmp_ui(divisor.pointer, 1) == 0
        }
    }

    /// Adds the signed plaintext `value` (python-paillier's encoding: m < 0 is n + m): b ← (b + a·m) mod n,
    /// with the low digit a unchanged. In constant time in `value` (GMP's `mpn_sec_div_r`, conditional swaps),
    /// and the temporaries that held a·m are wiped. At least one ciphertext must have been added first (a
    /// programming error otherwise: the plaintext would be stored unencrypted).
    public mutating func add(plaintext value: Int64) {
        precondition(state.count > 0, "CiphertextAccumulator.add(plaintext:) before any ciphertext: add a fresh E(0) first")
        if !isKnownUniquelyReferenced(&state) { state = State(copying: state) }
        let h = state.digitLimbs
        let a = state.limbs, b = state.limbs + h
        let n = __gmpz_limbs_read(publicKey.n.pointer)!
        let scratchLimbs = Int(__gmpn_sec_div_r_itch(h + 1, h))
        let negative = mp_limb_t(value < 0 ? 1 : 0)
        withExtendedLifetime(publicKey.n) {
            withUnsafeTemporaryAllocation(of: mp_limb_t.self, capacity: 2 * h + 1 + scratchLimbs) { buffer in
                let t = buffer.baseAddress!, other = t + h + 1, scratch = other + h
                t[h] = __gmpn_mul_1(t, a, h, mp_limb_t(value.magnitude))  // a·|m|, h + 1 limbs
                __gmpn_sec_div_r(t, h + 1, n, h, scratch)                   // t = a·|m| mod n (low h limbs)
                _ = __gmpn_sub_n(other, n, t, h)                            // n − t ≡ a·m for m < 0
                __gmpn_cnd_swap(negative, t, other, h)                      // t ≡ a·m (mod n), t ≤ n
                let carry = __gmpn_add_n(b, b, t, h)                        // b + t < 2n
                let borrow = __gmpn_sub_n(other, b, n, h)
                __gmpn_cnd_swap(carry | (borrow ^ 1), b, other, h)          // b' = (b + t) mod n
                cgmp_secure_zero(buffer.baseAddress!, buffer.count * MemoryLayout<mp_limb_t>.size)
            }
        }
        state.plaintexts += 1
    }

    /// The sum so far as a ciphertext: E(Σ mᵢ) (the R⁻¹ factors of products folded by `addProduct(of:)` multiplied
    /// out: one exponentiation with a public exponent).
    public func sealed() -> PaillierCiphertext {
        let h = state.digitLimbs
        let low = BigInteger(limbs: state.limbs, count: h)
        let high = BigInteger(limbs: state.limbs + h, count: h)
        var value = low + high * publicKey.n
        if state.reductions > 0, let montgomery = SquareModulus.montgomery(for: publicKey) {
            let correction = montgomery.radix.power(BigInteger(Int64(state.reductions)), modulo: publicKey.nSquared)
            value = (value * correction).modulo(publicKey.nSquared)
        }
        return PaillierCiphertext(unchecked: value, keyID: publicKey.keyID)
    }

    /// Counts a product of `factors` ciphertexts just folded in as one (`addProduct(of:)`): `factors` ciphertexts, and
    /// `factors` − 1 Montgomery reductions, each a factor R⁻¹ that `sealed()` multiplies out.
    mutating func noteProduct(of factors: Int) {
        state.count += factors - 1
        state.reductions += factors - 1
    }

    /// The two digits and the count; replaced, never shared, when mutated.
    private final class State: @unchecked Sendable {
        /// The low digit a, then the high digit b: 2·`digitLimbs` little-endian limbs, each digit below n.
        let limbs: UnsafeMutablePointer<mp_limb_t>
        /// Limbs h of n.
        let digitLimbs: Int
        var count = 0
        var plaintexts = 0
        /// Montgomery reductions folded in (`addProduct(of:)`): the digits hold the sum times R^−reductions.
        var reductions = 0

        /// The empty product 1 (a = 1, b = 0).
        init(digitLimbs: Int) {
            self.digitLimbs = digitLimbs
            limbs = .allocate(capacity: 2 * digitLimbs)
            limbs.initialize(repeating: 0, count: 2 * digitLimbs)
            limbs[0] = 1
        }

        init(copying other: State) {
            digitLimbs = other.digitLimbs
            limbs = .allocate(capacity: 2 * digitLimbs)
            limbs.initialize(from: other.limbs, count: 2 * digitLimbs)
            count = other.count
            plaintexts = other.plaintexts
            reductions = other.reductions
        }

        /// Wiped before freeing: in `per_window` mode the digits with the released sum give later readings' sum.
        deinit {
            cgmp_secure_zero(limbs, 2 * digitLimbs * MemoryLayout<mp_limb_t>.size)
            limbs.deallocate()
        }
    }
}
