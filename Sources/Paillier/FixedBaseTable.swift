import CGMP
import Dispatch

/// Precomputed powers of one base for fast fixed-base exponentiation modulo m (Brickell et al.):
/// the exponent is cut into w-bit digits d_i and base^e = Π_i T[i][d_i] with
/// T[i][j] = base^(j·2^(w·i)) mod m, so an exponent of L bits costs ⌈L/w⌉ modular
/// multiplications and no squarings. Every digit position does its multiplication (a zero digit
/// multiplies by T[i][0] = 1) so the operation count does not depend on the exponent.
final class FixedBaseTable: @unchecked Sendable {
    /// Digit width w in bits (1...16).
    let windowBits: Int
    /// Number of digit positions ⌈exponentBits/w⌉.
    let windows: Int
    /// Exponent length L the table covers.
    let exponentBits: Int
    /// The modulus m.
    let modulus: BigInteger
    /// windows·2^w initialised integers, row-major: entry (i, j) at i·2^w + j. Read-only after init.
    private let entries: UnsafeMutablePointer<__mpz_struct>
    private var entryCount: Int { windows << windowBits }

    /// Builds the table for `base` modulo `modulus` and exponents of `exponentBits` bits; the rows
    /// are filled on all cores.
    init(base: BigInteger, modulus: BigInteger, exponentBits: Int, windowBits: Int) {
        precondition((1...16).contains(windowBits) && exponentBits > 0)
        GMPMemory.ensureInstalled()
        self.windowBits = windowBits
        self.exponentBits = exponentBits
        self.windows = (exponentBits + windowBits - 1) / windowBits
        self.modulus = modulus
        let rowLength = 1 << windowBits
        let count = windows << windowBits
        entries = .allocate(capacity: count)
        let limbBits = Int(GMP_LIMB_BITS)
        for index in 0..<count {
            __gmpz_init2(entries + index, mp_bitcnt_t(modulus.bitWidth + limbBits))
        }
        // Row bases base^(2^(w·i)), sequentially (each needs w squarings of the previous).
        var bases: [BigInteger] = []
        var current = base.modulo(modulus)
        for _ in 0..<windows {
            bases.append(current)
            for _ in 0..<windowBits { current = (current * current).modulo(modulus) }
        }
        nonisolated(unsafe) let table = entries
        let rowBases = bases
        let rows = windows
        DispatchQueue.concurrentPerform(iterations: rows) { row in
            let rowStart = table + row * rowLength
            let scratch = MPZ()
            let rowBase = rowBases[row]
            __gmpz_set_ui(rowStart, 1)
            withExtendedLifetime((scratch, rowBase)) {
                for column in 1..<rowLength {
                    __gmpz_mul(scratch.pointer, rowStart + column - 1, rowBase.pointer)
                    __gmpz_tdiv_r(rowStart + column, scratch.pointer, modulus.pointer)
                }
            }
        }
    }

    deinit {
        for index in 0..<entryCount { __gmpz_clear(entries + index) }
        entries.deallocate()
    }

    /// Bytes of exponent a caller supplies to `power`: ⌈exponentBits/8⌉.
    var exponentByteCount: Int { (exponentBits + 7) / 8 }

    /// Sets `result` to base^e mod m, where e is the big-endian `exponent` (exactly
    /// `exponentByteCount` bytes; bits above `exponentBits` are ignored). `scratch` holds products.
    func power(exponent: UnsafeRawBufferPointer, into result: UnsafeMutablePointer<__mpz_struct>,
               scratch: UnsafeMutablePointer<__mpz_struct>) {
        precondition(exponent.count == exponentByteCount)
        __gmpz_set(result, entries + digit(at: 0, of: exponent))
        for window in 1..<max(windows, 1) {
            let entry = entries + (window << windowBits) + digit(at: window, of: exponent)
            __gmpz_mul(scratch, result, entry)
            __gmpz_tdiv_r(result, scratch, modulus.pointer)
        }
    }

    /// Digit `window` (w bits, least significant first) of the big-endian exponent.
    @inline(__always)
    private func digit(at window: Int, of exponent: UnsafeRawBufferPointer) -> Int {
        var value = 0
        let low = window * windowBits
        let high = min(low + windowBits, exponentBits)
        var bit = low
        while bit < high {
            let byteIndex = exponent.count - 1 - bit / 8
            let available = min(8 - bit % 8, high - bit)
            let bits = (Int(exponent[byteIndex]) >> (bit % 8)) & ((1 << available) - 1)
            value |= bits << (bit - low)
            bit += available
        }
        return value
    }
}
