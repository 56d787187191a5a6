import CGMP

/// An odd modulus m prepared for GMP's Montgomery reduction (`mpn_redc_n`, the one `mpz_powm`
/// uses): its k limbs, m⁻¹ mod Bᵏ (B = 2⁶⁴) and R = Bᵏ mod m. Built once per public key for n², so
/// a product modulo n² costs one multiplication and one reduction instead of a division.
final class MontgomeryModulus: @unchecked Sendable {
    /// Smallest modulus, in limbs, GMP's reduction supports (it needs more than 8).
    static let minimumLimbs = 9

    /// Limbs k of m.
    let limbs: Int
    /// The modulus m.
    let modulus: BigInteger
    /// R = Bᵏ mod m.
    let radix: BigInteger
    /// m as exactly k limbs; read-only.
    private let modulusLimbs: UnsafeMutablePointer<mp_limb_t>
    /// m⁻¹ mod Bᵏ as exactly k limbs; read-only.
    private let inverse: UnsafeMutablePointer<mp_limb_t>

    /// Prepares `modulus`; nil when it is even or shorter than `minimumLimbs` limbs, so small test
    /// moduli use plain division instead.
    init?(_ modulus: BigInteger) {
        let limbs = Int(__gmpz_size(modulus.pointer))
        guard modulus.isOdd, limbs >= Self.minimumLimbs else { return nil }
        let power = BigInteger(1).shiftedLeft(by: 64 * limbs)
        self.limbs = limbs
        self.modulus = modulus
        self.radix = power.modulo(modulus)
        modulusLimbs = .allocate(capacity: limbs)
        inverse = .allocate(capacity: limbs)
        modulus.store(into: modulusLimbs, limbs: limbs)
        modulus.inverse(modulo: power)!.store(into: inverse, limbs: limbs)
    }

    deinit {
        modulusLimbs.deallocate()
        inverse.deallocate()
    }

    /// Sets the k limbs at `x` (an integer below Bᵏ) to x·y·R⁻¹ mod m, fully reduced, where `y` has
    /// `ySize` limbs (1...k) and is below m. `product` lends 2k limbs of working space. Allocation-free.
    @inline(__always)
    func multiplyReducing(_ x: UnsafeMutablePointer<mp_limb_t>, by y: UnsafePointer<mp_limb_t>, ySize: Int,
                          product: UnsafeMutablePointer<mp_limb_t>) {
        if ySize == limbs {
            __gmpn_mul_n(product, x, y, limbs)
        } else {
            __gmpn_mul(product, x, limbs, y, ySize)
            (product + limbs + ySize).update(repeating: 0, count: limbs - ySize)
        }
        __gmpn_redc_n(x, product, modulusLimbs, limbs, inverse)
    }
}
