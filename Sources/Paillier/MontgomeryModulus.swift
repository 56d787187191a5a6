import CGMP

/// An odd modulus m prepared for GMP's Montgomery reduction (`mpn_redc_n`, the one `mpz_powm`
/// uses): its k limbs, m⁻¹ mod Bᵏ (B = 2⁶⁴) and R = Bᵏ mod m, so a product modulo m costs one
/// multiplication and one reduction instead of a division (the DJN table's steps modulo n²).
final class MontgomeryModulus: @unchecked Sendable {
    /// Smallest modulus, in limbs, GMP's reduction supports (it needs more than 8).
    static let minimumLimbs = 9

    /// Limbs k of m.
    let limbs: Int
    /// R = Bᵏ mod m.
    let radix: BigInteger
    /// m as exactly k limbs; read-only.
    private let modulusLimbs: UnsafeMutablePointer<mp_limb_t>
    /// m⁻¹ mod Bᵏ as exactly k limbs; read-only.
    private let inverse: UnsafeMutablePointer<mp_limb_t>

    /// Prepares `modulus`; nil when it is even or shorter than `minimumLimbs` limbs.
    init?(_ modulus: BigInteger) {
        let limbs = Int(__gmpz_size(modulus.pointer))
        guard modulus.isOdd, limbs >= Self.minimumLimbs else { return nil }
        let power = BigInteger(1).shiftedLeft(by: 64 * limbs)
        self.limbs = limbs
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

    /// Sets the k limbs at `result` to x·y·R⁻¹ mod m, fully reduced, for x and y of k limbs below m
    /// (`result` may be `x`). `product` lends 2k limbs of working space. Allocation-free.
    @inline(__always)
    func multiplyReducing(_ x: UnsafePointer<mp_limb_t>, by y: UnsafePointer<mp_limb_t>, into result: UnsafeMutablePointer<mp_limb_t>,
                          product: UnsafeMutablePointer<mp_limb_t>) {
        __gmpn_mul_n(product, x, y, limbs)
        __gmpn_redc_n(result, product, modulusLimbs, limbs, inverse)
    }
}
