import CGMP

/// Moves secret integers between GMP and base64url text (JWK's encoding) through `SecretBytes` only,
/// so neither the magnitude nor its digits are left in memory that is freed without being wiped.
enum SecretInteger {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Appends base64url without padding of `value`'s big-endian magnitude to `target`.
    static func appendBase64URL(of value: BigInteger, to target: SecretBytes) {
        let byteCount = (value.bitWidth + 7) / 8
        let magnitude = SecretBytes(capacity: byteCount)
        var written = 0
        withExtendedLifetime(value) {
            _ = __gmpz_export(magnitude.buffer.baseAddress, &written, 1, 1, 1, 0, value.pointer)
        }
        magnitude.extend(by: written)
        let input = magnitude.bytes
        let output = target.buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + target.count
        var produced = 0
        var index = 0
        while index < input.count {
            let chunk = min(3, input.count - index)
            var word = UInt32(input[index]) << 16
            if chunk > 1 { word |= UInt32(input[index + 1]) << 8 }
            if chunk > 2 { word |= UInt32(input[index + 2]) }
            precondition(target.count + produced + chunk + 1 <= target.buffer.count, "SecretBytes capacity exceeded")
            for digit in 0...chunk {
                output[produced] = alphabet[Int((word >> (18 - 6 * UInt32(digit))) & 0x3F)]
                produced += 1
            }
            index += 3
        }
        target.extend(by: produced)
    }

    /// The integer whose big-endian magnitude `digits` encodes in base64url (padding optional);
    /// nil when a character is outside the alphabet or the text is empty.
    static func decodeBase64URL(_ digits: UnsafeRawBufferPointer) -> BigInteger? {
        var length = digits.count
        while length > 0 && digits[length - 1] == UInt8(ascii: "=") { length -= 1 }
        guard length > 0, length % 4 != 1 else { return nil }
        let magnitude = SecretBytes(capacity: length * 3 / 4 + 3)
        let output = magnitude.buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var accumulator: UInt32 = 0
        var pending = 0
        var produced = 0
        for index in 0..<length {
            guard let value = sextet(digits[index]) else { return nil }
            accumulator = (accumulator << 6) | UInt32(value)
            pending += 6
            if pending >= 8 {
                pending -= 8
                output[produced] = UInt8((accumulator >> UInt32(pending)) & 0xFF)
                produced += 1
            }
        }
        magnitude.extend(by: produced)
        let result = MPZ()
        __gmpz_import(result.pointer, produced, 1, 1, 1, 0, magnitude.buffer.baseAddress)
        return BigInteger(storage: result)
    }

    /// The 6-bit value of a base64url character.
    private static func sextet(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: nil
        }
    }
}
