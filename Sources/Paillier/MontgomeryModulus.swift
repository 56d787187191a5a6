import CGMP

/// An odd modulus m prepared for GMP's Montgomery reduction (`mpn_redc_n`, the one `mpz_powm`
/// uses): its k limbs, m⁻¹ mod Bᵏ (B = 2⁶⁴) and R = Bᵏ mod m. Built once per public key for n², so
/// a ciphertext product costs one multiplication and one reduction instead of a division.
final class MontgomeryModulus: @unchecked Sendable {
    /// Limbs k of m.
    let limbs: Int
    /// The modulus m.
    let modulus: BigInteger
    /// R = Bᵏ mod m.
    let radix: BigInteger
    /// m as exactly k limbs; read-only.
    let modulusLimbs: UnsafeMutablePointer<mp_limb_t>
    /// m⁻¹ mod Bᵏ as exactly k limbs; read-only.
    let inverse: UnsafeMutablePointer<mp_limb_t>

    /// Prepares `modulus`; nil when it is even or shorter than `FixedBaseTable.minimumLimbs` limbs
    /// (GMP's reduction needs more than 8), so small test moduli use plain division instead.
    init?(_ modulus: BigInteger) {
        let limbs = Int(__gmpz_size(modulus.pointer))
        guard modulus.isOdd, limbs >= FixedBaseTable.minimumLimbs else { return nil }
        let power = BigInteger(1).shiftedLeft(by: 64 * limbs)
        self.limbs = limbs
        self.modulus = modulus
        self.radix = power.modulo(modulus)
        modulusLimbs = .allocate(capacity: limbs)
        inverse = .allocate(capacity: limbs)
        Self.store(modulus, into: modulusLimbs, limbs: limbs)
        Self.store(modulus.inverse(modulo: power)!, into: inverse, limbs: limbs)
    }

    deinit {
        modulusLimbs.deallocate()
        inverse.deallocate()
    }

    /// Sets `x` (an integer in [0, m)) to x·y·R⁻¹ mod m, for y in [1, m): the product of x and y with
    /// one factor R⁻¹, fully reduced. Allocation-free once `x` has k limbs of room.
    func multiplyReducing(_ x: UnsafeMutablePointer<__mpz_struct>, by y: UnsafePointer<__mpz_struct>) {
        let k = limbs
        let xSize = Int(__gmpz_size(x))
        let ySize = Int(__gmpz_size(y))
        precondition(ySize >= 1 && ySize <= k && xSize <= k)
        let xLimbs = __gmpz_limbs_modify(x, k)!
        (xLimbs + xSize).update(repeating: 0, count: k - xSize)
        withUnsafeTemporaryAllocation(of: mp_limb_t.self, capacity: 2 * k) { buffer in
            let product = buffer.baseAddress!
            __gmpn_mul(product, xLimbs, k, __gmpz_limbs_read(y), ySize)
            (product + k + ySize).update(repeating: 0, count: k - ySize)
            __gmpn_redc_n(xLimbs, product, modulusLimbs, k, inverse)
        }
        __gmpz_limbs_finish(x, k)
    }

    /// Writes the non-negative `value` (< Bᵏ) as exactly `limbs` little-endian limbs.
    private static func store(_ value: BigInteger, into target: UnsafeMutablePointer<mp_limb_t>, limbs: Int) {
        target.initialize(repeating: 0, count: limbs)
        var written = 0
        __gmpz_export(target, &written, -1, MemoryLayout<mp_limb_t>.size, 0, 0, value.pointer)
    }
}
