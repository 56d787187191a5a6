import CGMP

/// libFuzzer target: `DecimalLimbs.convert` (the ciphertext decimal reader: 8-byte loads, two blocks of limbs) refuses
/// exactly the texts with a byte outside '0'...'9', and gives every other text the value GMP's own `mpz_set_str`
/// gives it, limb for limb, without writing past the limbs it asked for (AddressSanitizer watches the block).
@_cdecl("LLVMFuzzerTestOneInput")
public func decimalLimbsFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let digits = UnsafeBufferPointer(start: data, count: size)
    let capacity = DecimalLimbs.capacity(digits: size)
    let limbs = UnsafeMutablePointer<mp_limb_t>.allocate(capacity: capacity)
    defer { limbs.deallocate() }
    let converted = DecimalLimbs.convert(digits, into: limbs)
    let allDigits = digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    guard allDigits else {
        if converted != nil { fatalError("a text with a non-digit byte was converted") }
        return 0
    }
    guard let size = converted else { fatalError("a text of digits only was refused") }
    var expected = __mpz_struct()
    __gmpz_init(&expected)
    defer { __gmpz_clear(&expected) }
    let text = Array(digits) + [0]
    guard __gmpz_set_str(&expected, text.map { CChar(bitPattern: $0) }, 10) == 0 else { fatalError("mpz_set_str refused digits") }
    guard Int(__gmpz_size(&expected)) == size else { fatalError("\(size) limbs, GMP has \(__gmpz_size(&expected))") }
    for index in 0..<size where limbs[index] != __gmpz_getlimbn(&expected, index) {
        fatalError("limb \(index) differs from GMP's")
    }
    return 0
}
