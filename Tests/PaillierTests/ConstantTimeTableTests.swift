import CGMP
import XCTest
@testable import Paillier

/// The DJN table's constant-time path: the masked selection returns the entry asked for, at every
/// index, and the table's exponentiation equals GMP's `mpz_powm_sec` of the same base and exponent.
final class ConstantTimeTableTests: XCTestCase {
    private typealias Selection = (UnsafeMutablePointer<mp_limb_t>, UnsafePointer<mp_limb_t>, Int, Int, Int) -> Void

    func testMaskedSelectionReturnsTheEntryOfEveryIndex() {
        for (limbs, count) in [(1, 1), (1, 2), (3, 5), (64, 64), (96, 32)] {
            let table = UnsafeMutablePointer<mp_limb_t>.allocate(capacity: limbs * count)
            let out = UnsafeMutablePointer<mp_limb_t>.allocate(capacity: limbs)
            defer {
                table.deallocate()
                out.deallocate()
            }
            SecureRandom.fill(UnsafeMutableRawBufferPointer(start: table, count: limbs * count * MemoryLayout<mp_limb_t>.size))
            // The masked loop itself (what optimised builds run) and the selection the table calls (GMP's
            // mpn_sec_tabselect in this unoptimised test build).
            for (name, select) in [("masked", cgmp_select_entry_masked), ("table's", cgmp_select_entry)] as [(String, Selection)] {
                for which in 0..<count {
                    out.update(repeating: 0x5a5a_5a5a_5a5a_5a5a, count: limbs)  // stale content must not survive
                    select(out, table, limbs, count, which)
                    let expected = Array(UnsafeBufferPointer(start: table + which * limbs, count: limbs))
                    XCTAssertEqual(Array(UnsafeBufferPointer(start: out, count: limbs)), expected, "\(name): limbs \(limbs), entry \(which) of \(count)")
                }
            }
        }
    }

    func testDJNTableEqualsPowmSecForRandomAndEdgeExponents() throws {
        let key = TestKeys.key2048.publicKey
        let base = SecureRandom.unit(modulo: key.n).power(key.n, modulo: key.nSquared)  // an h_s-like n-th residue
        let exponentBits = PaillierEncryptor.djnExponentBits(keyBits: key.bits)
        for windowBits in [5, 6, 7] {
            let table = FixedBaseTable(base: base, modulus: key.nSquared, exponentBits: exponentBits, windowBits: windowBits)
            let topDigitBits = exponentBits - (table.windows - 1) * windowBits
            let allOnes = BigInteger(1).shiftedLeft(by: exponentBits) - BigInteger(1)
            let topDigit = allOnes - (BigInteger(1).shiftedLeft(by: exponentBits - topDigitBits) - BigInteger(1))
            var exponents = [BigInteger(0), BigInteger(1), allOnes, topDigit,
                             BigInteger(1).shiftedLeft(by: exponentBits - 1), BigInteger(1).shiftedLeft(by: windowBits) - BigInteger(1)]
            for _ in 0..<8 {
                let random = MPZ()
                SecureRandom.setRandomBits(random.pointer, bits: exponentBits)
                exponents.append(BigInteger(storage: random))
            }
            for exponent in exponents {
                let expected = exponent.signum == 0 ? BigInteger(1) : base.secretPower(exponent, modulo: key.nSquared)
                XCTAssertEqual(power(table, exponent), expected, "w=\(windowBits) e=\(exponent)")
            }
        }
    }

    func testBitsAboveTheExponentLengthAreIgnored() {
        let m = BigInteger(1).shiftedLeft(by: 1279) - BigInteger(1)  // 2^1279 − 1, odd
        let base = BigInteger(decimal: "987654321987654321987654321")!
        let table = FixedBaseTable(base: base, modulus: m, exponentBits: 1021, windowBits: 6)  // 1021 bits: 128 bytes, 3 spare bits
        let exponent = BigInteger(1).shiftedLeft(by: 1023) + BigInteger(1).shiftedLeft(by: 1021) + BigInteger(77)
        XCTAssertEqual(power(table, exponent), base.power(BigInteger(77), modulo: m))
    }

    /// base^exponent through `table`, the exponent padded to the table's byte length.
    private func power(_ table: FixedBaseTable, _ exponent: BigInteger) -> BigInteger {
        var bytes = exponent.bigEndianMagnitude
        bytes.insert(contentsOf: [UInt8](repeating: 0, count: max(0, table.exponentByteCount - bytes.count)), at: 0)
        let result = MPZ()
        let scratch = MPZ()
        withExtendedLifetime(scratch) {
            bytes.withUnsafeBytes { table.power(exponent: $0, into: result.pointer, scratch: scratch.pointer) }
        }
        return BigInteger(storage: result)
    }
}
