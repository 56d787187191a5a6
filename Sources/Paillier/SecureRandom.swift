import CGMP
import Foundation

/// Randomness from the operating system's CSPRNG only (getrandom(2) on Linux, arc4random_buf on
/// Darwin, both what `SystemRandomNumberGenerator` uses); GMP's `gmp_randstate` is never used.
enum SecureRandom {
    /// Fills `buffer` with CSPRNG bytes in as few system calls as possible.
    static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        #if canImport(Glibc)
        var filled = 0
        while filled < buffer.count {
            let result = getrandom(base + filled, buffer.count - filled, 0)
            if result < 0 {
                if errno == EINTR { continue }
                // getrandom cannot fail on a supported kernel; fall back to the standard generator.
                var generator = SystemRandomNumberGenerator()
                for index in filled..<buffer.count { buffer[index] = generator.next() }
                return
            }
            filled += result
        }
        #else
        arc4random_buf(base, buffer.count)
        #endif
    }

    /// Runs `body` with `count` random bytes, then wipes them.
    static func withRandomBytes<R>(count: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 8)
        defer {
            cgmp_secure_zero(buffer.baseAddress, buffer.count)
            buffer.deallocate()
        }
        let bytes = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
        fill(bytes)
        return try body(bytes)
    }

    /// Sets `target` to a uniform integer in `[0, 2^bits)`.
    static func setRandomBits(_ target: UnsafeMutablePointer<__mpz_struct>, bits: Int) {
        let count = (bits + 7) / 8
        withRandomBytes(count: count) { bytes in
            let excess = count * 8 - bits
            if excess > 0 { bytes[0] &= UInt8(0xFF >> excess) }
            __gmpz_import(target, count, 1, 1, 1, 0, bytes.baseAddress)
        }
    }

    /// Sets `target` to a uniform integer in `[0, bound)` by rejection sampling (`bound` > 0).
    static func setRandom(_ target: UnsafeMutablePointer<__mpz_struct>, below bound: UnsafePointer<__mpz_struct>) {
        let bits = Int(__gmpz_sizeinbase(bound, 2))
        repeat {
            setRandomBits(target, bits: bits)
        } while __gmpz_cmp(target, bound) >= 0
    }

    /// A uniform integer in `[1, n)` coprime with `n`: a uniform element of Z*_n.
    static func unit(modulo n: BigInteger) -> BigInteger {
        let value = MPZ()
        let divisor = MPZ()
        withExtendedLifetime(divisor) {
            repeat {
                setRandom(value.pointer, below: n.pointer)
                __gmpz_gcd(divisor.pointer, value.pointer, n.pointer)
            } while cgmp_sgn(value.pointer) == 0 || __gmpz_cmp_ui(divisor.pointer, 1) != 0
        }
        return BigInteger(storage: value)
    }
}
