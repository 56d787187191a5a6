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
        let (high, low) = value.quotientAndRemainder(dividingBy: n)
        self.init(low: low, high: high, digitLimbs: Int(__gmpz_size(n.pointer)))
    }

    /// The digits `low` and `high` (both below n), each stored as `digitLimbs` limbs.
    init(low: BigInteger, high: BigInteger, digitLimbs: Int) {
        self.digitLimbs = digitLimbs
        limbs = .allocate(capacity: 2 * digitLimbs)
        low.store(into: limbs, limbs: digitLimbs)
        high.store(into: limbs + digitLimbs, limbs: digitLimbs)
    }

    deinit { limbs.deallocate() }

    /// c mod n.
    var low: UnsafePointer<mp_limb_t> { UnsafePointer(limbs) }
    /// ⌊c/n⌋.
    var high: UnsafePointer<mp_limb_t> { UnsafePointer(limbs + digitLimbs) }
}
