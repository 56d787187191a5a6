import CGMP

/// The one owner of a GMP `mpz_t`: initialised on creation, cleared (and, through the zeroing
/// allocator, wiped) on deinit. The pointer is stable for the object's lifetime, so hot paths can
/// keep `MPZ` values as reusable scratch space and call GMP on `pointer` directly.
final class MPZ: @unchecked Sendable {
    /// The initialised integer, valid while this object is alive (keep locals alive across GMP calls
    /// with `withExtendedLifetime`). Mutate it only while no other thread reads this object.
    let pointer: UnsafeMutablePointer<__mpz_struct>

    /// A new integer equal to zero.
    init() {
        GMPMemory.ensureInstalled()
        pointer = .allocate(capacity: 1)
        __gmpz_init(pointer)
    }

    /// A new integer equal to zero with room for `bits` bits, so later writes do not reallocate.
    init(capacity bits: Int) {
        GMPMemory.ensureInstalled()
        pointer = .allocate(capacity: 1)
        __gmpz_init2(pointer, mp_bitcnt_t(bits))
    }

    /// An independent copy of `other`.
    convenience init(copying other: MPZ) {
        self.init()
        __gmpz_set(pointer, other.pointer)
    }

    /// A new integer equal to `value`.
    convenience init(_ value: Int) {
        self.init()
        __gmpz_set_si(pointer, value)
    }

    deinit {
        __gmpz_clear(pointer)
        pointer.deallocate()
    }
}
