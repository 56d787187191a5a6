import CGMP
import Dispatch

/// Precomputed powers of one base for fast fixed-base exponentiation modulo an odd m (Brickell et
/// al.): the exponent is cut into w-bit digits d_i and base^e = Π_i T[i][d_i] with
/// T[i][j] = base^(j·2^(w·i)) mod m, so an L-bit exponent costs ⌈L/w⌉ − 1 modular multiplications
/// and no squarings.
///
/// Constant time in the exponent: each step reads every entry of its row, 2^w of them, and keeps
/// the one of the digit with a mask (`cgmp_select_entries`), so which memory is read does not depend
/// on the exponent, and every digit position multiplies (a zero digit by T[i][0]). Up to
/// `batchWidth` exponentiations share each pass over a row, which is then read from memory once for
/// all of them. The full scan is why digits are narrow (7 bits at 2048-bit keys with AVX2, 6
/// without, rather than the 11 a table read by index would use): every exponentiation masks the
/// whole table, so the width trades multiplications (⌈L/w⌉) against table size (⌈L/w⌉·2^w
/// entries); BENCHMARKS.md has the measurements that chose it.
///
/// The multiplications stay GMP's `mpn_mul_n` and `mpn_redc_n`: which limbs and cache lines they
/// read and write depends on the sizes, not the values. Their control flow does depend on the
/// values a little (Toom-2's sign comparison and carry loops, the reduction's final conditional
/// addition of m, whose limbs it has already read), so the time of a step can vary by a fraction of
/// a percent with the operands: one comparison per branch, of operands that involve the table,
/// which is itself secret (h_s comes from the encryptor's secret x), in an exponent used for one
/// encryption only. GMP's branch-free steps (`mpn_sec_mul`, `mpn_redc_1` and a masked
/// subtraction, as in `mpn_sec_powm`) would close that too, at 27–37% fewer encryptions per second
/// (BENCHMARKS.md).
///
/// Entries of rows 1… are stored in Montgomery form (x·B^k mod m, B = 2^64, k limbs of m), row 0
/// in normal form, all in one flat limb array; each step is `mpn_mul_n` followed by GMP's
/// Montgomery reduction `mpn_redc_n` (the one `mpz_powm` uses), about 17% cheaper than a product
/// and a division at these sizes. Starting from a normal-form row-0 entry, every REDC step keeps
/// the accumulator in normal form, so no conversion is needed at the end.
final class FixedBaseTable: @unchecked Sendable {
    /// Widest digit a table accepts: a step scans 2^w entries, so wider digits only cost more.
    static let maximumWindowBits = 12

    /// Digit width w in bits (1...`maximumWindowBits`).
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
        precondition((1...Self.maximumWindowBits).contains(windowBits) && exponentBits > 0 && modulus.isOdd)
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

    /// Bytes the table's entries occupy.
    var byteCount: Int { (windows << windowBits) * limbs * MemoryLayout<mp_limb_t>.size }

    /// Most exponentiations one call to `power(exponents:into:scratch:)` computes together: they share each
    /// pass over a row, which is read once for all of them.
    static let batchWidth = 8

    /// Whether the selection runs its AVX2 build (asked of the CPU once per process).
    static let selectsWithAVX2 = cgmp_cpu_has_avx2() != 0

    /// Limbs of scratch `power` takes for `count` exponents: a double-width product and the selected entries.
    func scratchLimbs(count: Int) -> Int { (2 + count) * limbs }

    /// Sets `result` to base^e mod m for the big-endian `exponent` (exactly `exponentByteCount` bytes):
    /// `power(exponents:into:scratch:)` for one exponent.
    func power(exponent: UnsafeRawBufferPointer, into result: UnsafeMutablePointer<__mpz_struct>,
               scratch: UnsafeMutablePointer<__mpz_struct>) {
        power(exponents: exponent, into: [result], scratch: scratch)
    }

    /// Sets `results[b]` to base^e_b mod m, where e_b is the b-th run of `exponentByteCount` bytes of
    /// `exponents` (big-endian; bits above `exponentBits` are ignored), for 1 to `batchWidth` results, reading
    /// the same memory in the same order whatever the exponents are. `scratch` lends `scratchLimbs(count:)`
    /// limbs as working space (its value is destroyed; its limbs then hold intermediate values until GMP
    /// frees them through the zeroing allocator).
    func power(exponents: UnsafeRawBufferPointer, into results: [UnsafeMutablePointer<__mpz_struct>],
               scratch: UnsafeMutablePointer<__mpz_struct>) {
        let count = results.count
        precondition((1...Self.batchWidth).contains(count) && exponents.count == count * exponentByteCount)
        let work = __gmpz_limbs_modify(scratch, scratchLimbs(count: count))!
        let product = work
        let selected = work + 2 * limbs
        let accumulators = results.map { __gmpz_limbs_write($0, limbs)! }
        let rowLength = 1 << windowBits
        withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { digits in
            for window in 0..<windows {
                for output in 0..<count {
                    let start = output * exponentByteCount
                    digits[output] = digit(at: window, of: UnsafeRawBufferPointer(
                        rebasing: exponents[start..<start + exponentByteCount]))
                }
                cgmp_select_entries(selected, entries + (window << windowBits) * limbs, limbs, rowLength,
                                    digits.baseAddress!, count, Self.selectsWithAVX2 ? 1 : 0)
                for (output, accumulator) in accumulators.enumerated() {
                    if window == 0 {
                        accumulator.update(from: selected + output * limbs, count: limbs)
                    } else {
                        montgomery.multiplyReducing(accumulator, by: selected + output * limbs, into: accumulator, product: product)
                    }
                }
            }
            digits.update(repeating: 0)
        }
        for (result, accumulator) in zip(results, accumulators) {
            // Leading zero limbs: a scan of the result's top, like every mpz that holds it afterwards.
            var size = limbs
            while size > 0 && accumulator[size - 1] == 0 { size -= 1 }
            __gmpz_limbs_finish(result, size)
        }
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
