import CGMP
import Dispatch

/// Precomputed powers of one base for fast fixed-base exponentiation modulo an odd m (Brickell et
/// al.): the exponent is cut into w-bit digits d_i and base^e = Π_i T[i][d_i] with
/// T[i][j] = base^(j·2^(w·i)) mod m, so an L-bit exponent costs ⌈L/w⌉ − 1 modular multiplications
/// and no squarings. Every digit position multiplies (a zero digit by T[i][0] = 1), so the
/// operation count does not depend on the exponent. Which entry is read does: like other
/// fixed-base implementations, this leaks through the cache to an attacker sharing the CPU, so
/// the encrypting host should not run untrusted co-tenants.
///
/// Entries of rows 1… are stored in Montgomery form (x·B^k mod m, B = 2^64, k limbs of m), row 0
/// in normal form, all in one flat limb array; each step is `mpn_mul_n` followed by GMP's
/// Montgomery reduction `mpn_redc_n` (the one `mpz_powm` uses), about 17% cheaper than a product
/// and a division at these sizes. Starting from a normal-form row-0 entry, every REDC step keeps
/// the accumulator in normal form, so no conversion is needed at the end.
final class FixedBaseTable: @unchecked Sendable {
    /// Digit width w in bits (1...16).
    let windowBits: Int
    /// Number of digit positions ⌈exponentBits/w⌉.
    let windows: Int
    /// Exponent length L the table covers.
    let exponentBits: Int
    /// Limbs k of the modulus; every entry and intermediate has exactly k limbs.
    let limbs: Int
    /// The modulus m prepared for the reduction.
    private let montgomery: MontgomeryModulus
    /// windows·2^w entries of k limbs, row-major: entry (i, j) at (i·2^w + j)·k. Read-only after init.
    private let entries: UnsafeMutablePointer<mp_limb_t>

    /// Builds the table for `base` modulo the odd `modulus` (at least `MontgomeryModulus.minimumLimbs` limbs) and
    /// exponents of `exponentBits` bits; rows are filled on all cores.
    init(base: BigInteger, modulus: BigInteger, exponentBits: Int, windowBits: Int) {
        precondition((1...16).contains(windowBits) && exponentBits > 0 && modulus.isOdd)
        guard let montgomery = MontgomeryModulus(modulus) else { preconditionFailure("fixed-base table modulus too small") }
        let limbs = montgomery.limbs
        self.montgomery = montgomery
        self.windowBits = windowBits
        self.exponentBits = exponentBits
        self.windows = (exponentBits + windowBits - 1) / windowBits
        self.limbs = limbs
        let rowLength = 1 << windowBits
        entries = .allocate(capacity: (windows << windowBits) * limbs)

        // Row bases base^(2^(w·i)) in Montgomery form, sequentially (each needs w squarings).
        var bases: [BigInteger] = []
        var current = base.modulo(modulus)
        for _ in 0..<windows {
            bases.append((current * montgomery.radix).modulo(modulus))
            for _ in 0..<windowBits { current = (current * current).modulo(modulus) }
        }
        let montgomeryOne = montgomery.radix
        let normalOne = BigInteger(1)
        nonisolated(unsafe) let table = entries
        let rowBases = bases
        DispatchQueue.concurrentPerform(iterations: windows) { row in
            let rowStart = table + row * rowLength * limbs
            let rowBase = UnsafeMutablePointer<mp_limb_t>.allocate(capacity: limbs)
            let product = UnsafeMutablePointer<mp_limb_t>.allocate(capacity: 2 * limbs)
            defer {
                rowBase.deallocate()
                product.deallocate()
            }
            rowBases[row].store(into: rowBase, limbs: limbs)
            (row == 0 ? normalOne : montgomeryOne).store(into: rowStart, limbs: limbs)
            for column in 1..<rowLength {
                montgomery.multiplyReducing(
                    rowStart + (column - 1) * limbs, by: rowBase, into: rowStart + column * limbs, product: product)
            }
        }
    }

    deinit {
        entries.deallocate()
    }

    /// Bytes of exponent a caller supplies to `power`: ⌈exponentBits/8⌉.
    var exponentByteCount: Int { (exponentBits + 7) / 8 }

    /// Sets `result` to base^e mod m, where e is the big-endian `exponent` (exactly
    /// `exponentByteCount` bytes; bits above `exponentBits` are ignored). `scratch` lends its limbs
    /// as working space (its value is destroyed).
    func power(exponent: UnsafeRawBufferPointer, into result: UnsafeMutablePointer<__mpz_struct>,
               scratch: UnsafeMutablePointer<__mpz_struct>) {
        precondition(exponent.count == exponentByteCount)
        let work = __gmpz_limbs_modify(scratch, 2 * limbs)!
        let product = work
        let accumulator = __gmpz_limbs_write(result, limbs)!
        let entryBytes = limbs * MemoryLayout<mp_limb_t>.size
        accumulator.update(from: entries + digit(at: 0, of: exponent) * limbs, count: limbs)
        var next = entries + ((1 << windowBits) + digit(at: min(1, windows - 1), of: exponent)) * limbs
        for window in 1..<max(windows, 1) {
            let entry = next
            if window + 1 < windows {
                next = entries + (((window + 1) << windowBits) + digit(at: window + 1, of: exponent)) * limbs
                cgmp_prefetch(next, entryBytes)
            }
            montgomery.multiplyReducing(accumulator, by: entry, into: accumulator, product: product)
        }
        var size = limbs
        while size > 0 && accumulator[size - 1] == 0 { size -= 1 }
        __gmpz_limbs_finish(result, size)
        __gmpz_limbs_finish(scratch, 0)
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
