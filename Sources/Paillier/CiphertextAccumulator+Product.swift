import CGMP
import Synchronization

extension CiphertextAccumulator {
    /// Folds `ciphertexts` (at least two) as one: their product modulo n² with Montgomery multiplications (one
    /// full-size product and reduction each, about 15% less than splitting each into base-n digits and folding it),
    /// which is ∏ cᵢ · R^−(k−1) for k ciphertexts; the sum keeps count of the R⁻¹ factors and `sealed()` multiplies
    /// them out once. False, folding nothing, when n² is too short for GMP's Montgomery reduction.
    mutating func addProduct(of ciphertexts: [PaillierCiphertext]) -> Bool {
        guard ciphertexts.count >= 2, let montgomery = SquareModulus.montgomery(for: publicKey) else { return false }
        let k = montgomery.limbs
        let product = withUnsafeTemporaryAllocation(of: mp_limb_t.self, capacity: 4 * k) { buffer in
            let running = buffer.baseAddress!, operand = running + k, scratch = running + 2 * k
            ciphertexts[0].value.store(into: running, limbs: k)
            for ciphertext in ciphertexts.dropFirst() {
                withExtendedLifetime(ciphertext.value) {
                    let value = ciphertext.value.pointer
                    if Int(__gmpz_size(value)) == k {
                        montgomery.multiplyReducing(running, by: __gmpz_limbs_read(value)!, into: running, product: scratch)
                    } else {
                        ciphertext.value.store(into: operand, limbs: k)
                        montgomery.multiplyReducing(running, by: operand, into: running, product: scratch)
                    }
                }
            }
            return BigInteger(limbs: running, count: k)
        }
        add(PaillierCiphertext(unchecked: product, keyID: publicKey.keyID))
        noteProduct(of: ciphertexts.count)
        return true
    }
}

/// n² of each key in use prepared for Montgomery reduction (GMP's reduction needs its inverse modulo B^k, computed
/// once per key).
enum SquareModulus {
    private static let prepared = Mutex<[String: MontgomeryModulus?]>([:])

    /// n² of `publicKey` prepared for Montgomery reduction; nil when too short for it.
    static func montgomery(for publicKey: PaillierPublicKey) -> MontgomeryModulus? {
        prepared.withLock { prepared in
            if let cached = prepared[publicKey.keyID] { return cached }
            let fresh = MontgomeryModulus(publicKey.nSquared)
            prepared[publicKey.keyID] = fresh
            return fresh
        }
    }
}
