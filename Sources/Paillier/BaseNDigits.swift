import CGMP

/// A ciphertext c < n² written in base n, c = low + high·n with both digits below n, each as exactly
/// `digitLimbs` little-endian limbs (the limbs of n). The encryptor computes it once, with one division
/// on the encrypting core, so that adding c into a running sum needs no division by n² (see
/// `CiphertextAccumulator`).
final class BaseNDigits: @unchecked Sendable {
    /// Limbs of n, and of each digit.
    let digitLimbs: Int
    /// The low digit (c mod n) followed by the high digit (⌊c/n⌋); read-only.
    private let limbs: UnsafeMutablePointer<mp_limb_t>

    /// The digits of `value` (in [0, n²)) in base `n`.
    convenience init(_ value: BigInteger, n: BigInteger) {
        self.init(dividing: value, by: n, digitLimbs: Int(__gmpz_size(n.pointer)))
    }

    /// The digits of `value` (in [0, n²)) in base `n` (h = `digitLimbs` limbs, its top limb nonzero), divided
    /// straight into the digits' limbs, without temporary integers.
    init(dividing value: BigInteger, by n: BigInteger, digitLimbs h: Int) {
        digitLimbs = h
        // One limb more than the two digits: the division writes a quotient of (value's limbs − h + 1) limbs, up to
        // h + 1, whose top limb is 0 since the quotient is below n.
        limbs = .allocate(capacity: 2 * h + 1)
        limbs.initialize(repeating: 0, count: 2 * h + 1)
        let size = Int(__gmpz_size(value.pointer))
        withExtendedLifetime((value, n)) {
            let source = __gmpz_limbs_read(value.pointer)!
            if size < h {
                limbs.update(from: source, count: size)
            } else {
                __gmpn_tdiv_qr(limbs + h, limbs, 0, source, size, __gmpz_limbs_read(n.pointer)!, h)
            }
        }
    }

    /// c mod n as a read-only GMP integer over the digit's limbs, for `body` only (no copy).
    func withLow<Result>(_ body: (UnsafePointer<__mpz_struct>) -> Result) -> Result {
        var size = digitLimbs
        while size > 0, limbs[size - 1] == 0 { size -= 1 }
        var view = __mpz_struct()
        _ = __gmpz_roinit_n(&view, limbs, size)
        return withExtendedLifetime(self) { body(&view) }
    }

    deinit { limbs.deallocate() }

    /// c mod n.
    var low: UnsafePointer<mp_limb_t> { UnsafePointer(limbs) }
    /// ⌊c/n⌋.
    var high: UnsafePointer<mp_limb_t> { UnsafePointer(limbs + digitLimbs) }
}
