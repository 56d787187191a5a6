import CGMP

/// Decimal digits to GMP limbs, 19 digits at a time (10¹⁹ < 2⁶⁴): each group becomes one limb, eight digits per
/// step with SWAR arithmetic on an 8-byte load. Two groups make a two-limb number, and the value so far is
/// multiplied by 10³⁸ with `mpn_mul` and that number added: one pass of GMP's two-limb multiplication per 38 digits
/// instead of GMP's own basecase conversion's pass of `mpn_mul_1` per 19. Bytes that are not digits are noted as
/// they are read and refuse the whole text at the end, so the loop has no early exit.
enum DecimalLimbs {
    private static let groupDigits = 19
    private static let groupBase: mp_limb_t = 10_000_000_000_000_000_000
    /// 10³⁸ = 10¹⁹ · 10¹⁹ as two little-endian limbs.
    private static let pairBase: [mp_limb_t] = {
        let (high, low) = groupBase.multipliedFullWidth(by: groupBase)
        return [low, high]
    }()

    /// Limbs `convert` needs for `digits` decimal digits, one per group of 19: a group adds at most one limb, and a
    /// pair's product, written two limbs wide before its zero limbs are dropped, follows at most all groups but two.
    static func capacity(digits: Int) -> Int {
        (digits + groupDigits - 1) / groupDigits
    }

    /// Writes the value of `digits` (ASCII, most significant first) into `limbs` (room for `capacity(digits:)`);
    /// returns its size in limbs (0 for zero), or nil when a byte is not a digit.
    static func convert(_ digits: UnsafeBufferPointer<UInt8>, into limbs: UnsafeMutablePointer<mp_limb_t>) -> Int? {
        let bytes = UnsafeRawBufferPointer(digits)
        var notDigits: UInt64 = 0
        // The first group takes the digits beyond a multiple of 19, so every later group has 19; an odd count of
        // those goes one group at a time first, then the rest in pairs.
        let head = digits.count % groupDigits == 0 ? groupDigits : digits.count % groupDigits
        let fullGroups = (digits.count - head) / groupDigits
        let room = capacity(digits: digits.count)
        return withUnsafeTemporaryAllocation(of: mp_limb_t.self, capacity: room) { scratch -> Int? in
            defer { cgmp_secure_zero(scratch.baseAddress!, room * MemoryLayout<mp_limb_t>.size) }  // a decimal may be secret
            var value = Accumulated(limbs: limbs, spare: scratch.baseAddress!)
            value.append(group: shortGroup(bytes, at: 0, length: head, notDigits: &notDigits))
            var offset = head
            if fullGroups % 2 == 1 {
                value.append(group: fullGroup(bytes, at: offset, notDigits: &notDigits))
                offset += groupDigits
            }
            pairBase.withUnsafeBufferPointer { base in
                while offset < digits.count {
                    let first = fullGroup(bytes, at: offset, notDigits: &notDigits)
                    let second = fullGroup(bytes, at: offset + groupDigits, notDigits: &notDigits)
                    value.append(pair: first, second, base: base.baseAddress!)
                    offset += 2 * groupDigits
                }
            }
            if value.limbs != limbs { limbs.update(from: value.limbs, count: value.size) }
            return notDigits == 0 ? value.size : nil
        }
    }

    /// The value read so far, in one of two blocks of limbs (the integer's and a scratch block, each with room for
    /// `capacity(digits:)`): a pair's product goes to the other block, which then holds the value.
    private struct Accumulated {
        /// The block holding the value.
        private(set) var limbs: UnsafeMutablePointer<mp_limb_t>
        /// The other block.
        private var spare: UnsafeMutablePointer<mp_limb_t>
        /// Limbs of the value (0 for zero).
        private(set) var size = 0

        init(limbs: UnsafeMutablePointer<mp_limb_t>, spare: UnsafeMutablePointer<mp_limb_t>) {
            self.limbs = limbs
            self.spare = spare
        }

        /// value · 10¹⁹ + `group`.
        mutating func append(group: mp_limb_t) {
            guard size > 0 else {
                limbs[0] = group
                size = group == 0 ? 0 : 1
                return
            }
            // mpn_mul_1's carry is below 10¹⁹ and mpn_add_1's at most 1: their sum cannot overflow.
            let carry = __gmpn_mul_1(limbs, limbs, size, groupBase) &+ __gmpn_add_1(limbs, limbs, size, group)
            if carry != 0 {
                limbs[size] = carry
                size += 1
            }
        }

        /// value · 10³⁸ + `first` · 10¹⁹ + `second` (`base` is 10³⁸).
        mutating func append(pair first: mp_limb_t, _ second: mp_limb_t, base: UnsafePointer<mp_limb_t>) {
            guard size >= 2 else {  // mpn_mul needs the longer operand first; only the first pair can be this short
                append(group: first)
                append(group: second)
                return
            }
            let (high, low) = first.multipliedFullWidth(by: groupBase)
            let (pairLow, overflow) = low.addingReportingOverflow(second)
            var pair = (pairLow, high &+ (overflow ? 1 : 0))
            _ = __gmpn_mul(spare, limbs, size, base, 2)
            withUnsafePointer(to: &pair) {
                $0.withMemoryRebound(to: mp_limb_t.self, capacity: 2) { pair in
                    _ = __gmpn_add(spare, spare, size + 2, pair, 2)  // no carry out: the sum has the digits read so far
                }
            }
            size += 2
            while size > 0, spare[size - 1] == 0 { size -= 1 }
            swap(&limbs, &spare)
        }
    }

    /// The 19 digits at `offset`: two SWAR steps of eight and three more, one at a time.
    @inline(__always)
    private static func fullGroup(_ bytes: UnsafeRawBufferPointer, at offset: Int, notDigits: inout UInt64) -> mp_limb_t {
        let high = eightDigits(bytes, at: offset, notDigits: &notDigits)
        let middle = eightDigits(bytes, at: offset + 8, notDigits: &notDigits)
        let low = shortGroup(bytes, at: offset + 16, length: 3, notDigits: &notDigits)
        return (high &* 100_000_000 &+ middle) &* 1_000 &+ low
    }

    /// The eight digits at `offset` as a number (after Lemire's "fast numeric string to int"): a byte lies in
    /// '0'...'9' when its high nibble is 3 before and after adding 6; pairs, quads and the octet are then combined by
    /// three multiplications.
    @inline(__always)
    private static func eightDigits(_ bytes: UnsafeRawBufferPointer, at offset: Int, notDigits: inout UInt64) -> mp_limb_t {
        let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        let highNibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0, threes: UInt64 = 0x3030_3030_3030_3030
        notDigits |= (word & highNibbles) ^ threes
        notDigits |= ((word &+ 0x0606_0606_0606_0606) & highNibbles) ^ threes
        var value = word & 0x0F0F_0F0F_0F0F_0F0F
        value = (value &* 2561) >> 8
        value = ((value & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
        value = ((value & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
        return mp_limb_t(value)
    }

    /// The `length` digits (at most 19) at `offset`, one at a time.
    @inline(__always)
    private static func shortGroup(_ bytes: UnsafeRawBufferPointer, at offset: Int, length: Int,
                                   notDigits: inout UInt64) -> mp_limb_t {
        var value: mp_limb_t = 0
        for index in offset..<(offset + length) {
            let digit = bytes[index] &- UInt8(ascii: "0")
            notDigits |= digit > 9 ? 1 : 0
            value = value &* 10 &+ mp_limb_t(digit)
        }
        return value
    }
}
