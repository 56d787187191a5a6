import CGMP

extension BigInteger {
    /// The non-negative integer whose little-endian 64-bit limbs are the `count` at `limbs`.
    init(limbs: UnsafePointer<mp_limb_t>, count: Int) {
        var size = count
        while size > 0 && limbs[size - 1] == 0 { size -= 1 }
        let value = MPZ(capacity: 64 * max(size, 1))
        __gmpz_limbs_write(value.pointer, max(size, 1))!.update(from: limbs, count: size)
        __gmpz_limbs_finish(value.pointer, size)
        self.init(storage: value)
    }

    /// Writes this non-negative value (below 2^(64·limbs)) as exactly `limbs` little-endian limbs.
    func store(into target: UnsafeMutablePointer<mp_limb_t>, limbs: Int) {
        precondition(signum >= 0 && Int(__gmpz_size(pointer)) <= limbs)
        target.initialize(repeating: 0, count: limbs)
        var written = 0
        __gmpz_export(target, &written, -1, MemoryLayout<mp_limb_t>.size, 0, 0, pointer)
    }
}
