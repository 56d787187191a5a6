import CGMP

/// Decimal digits to GMP limbs, 19 digits at a time (10¹⁹ < 2⁶⁴): each group becomes one limb, eight digits per
/// step with SWAR arithmetic on an 8-byte load, and the limbs so far are multiplied by 10¹⁹ and the group added
/// (`mpn_mul_1`), as GMP's own basecase conversion does. Bytes that are not digits are noted as they are read and
/// refuse the whole text at the end, so the loop has no early exit.
enum DecimalLimbs {
    private static let groupDigits = 19
    private static let groupBase: mp_limb_t = 10_000_000_000_000_000_000

    /// Limbs enough for `digits` decimal digits: each group of 19 adds at most one.
    static func capacity(digits: Int) -> Int {
        (digits + groupDigits - 1) / groupDigits
    }

    /// Writes the value of `digits` (ASCII, most significant first) into `limbs` (room for `capacity(digits:)`);
    /// returns its size in limbs (0 for zero), or nil when a byte is not a digit.
    static func convert(_ digits: UnsafeBufferPointer<UInt8>, into limbs: UnsafeMutablePointer<mp_limb_t>) -> Int? {
        let bytes = UnsafeRawBufferPointer(digits)
        var notDigits: UInt64 = 0
        var size = 0
        // The first group takes the digits beyond a multiple of 19, so every later group has 19.
        let head = digits.count % groupDigits == 0 ? groupDigits : digits.count % groupDigits
        var offset = 0
        while offset < digits.count {
            let group = offset == 0 && head < groupDigits
                ? shortGroup(bytes, at: 0, length: head, notDigits: &notDigits)
                : fullGroup(bytes, at: offset, notDigits: &notDigits)
            var carry = size == 0 ? 0 : __gmpn_mul_1(limbs, limbs, size, groupBase)
            var addend = group
            var index = 0
            while addend != 0, index < size {
                let (sum, overflow) = limbs[index].addingReportingOverflow(addend)
                limbs[index] = sum
                addend = overflow ? 1 : 0
                index += 1
            }
            carry &+= addend  // mpn_mul_1's carry is below 10¹⁹, so adding 1 (or a first group to 0) cannot overflow
            if carry != 0 {
                limbs[size] = carry
                size += 1
            }
            offset += offset == 0 ? head : groupDigits
        }
        return notDigits == 0 ? size : nil
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
