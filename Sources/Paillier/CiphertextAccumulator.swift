import CGMP

/// A running homomorphic sum: multiplies ciphertexts into one product modulo n² in place, in a
/// fixed block of limbs (no allocation per add).
///
/// For real key sizes each add is one multiplication and one Montgomery reduction (cheaper than a
/// division): the state holds P·R⁻ᶜᵒᵘⁿᵗ mod n² for the true product P, and `sealed()` multiplies
/// the missing Rᶜᵒᵘⁿᵗ back in. Small test moduli fall back to multiply-and-divide.
///
/// Value semantics: a copy shares state until either side adds (copy on write).
public struct CiphertextAccumulator: Sendable {
    /// The key every added ciphertext must belong to.
    public let publicKey: PaillierPublicKey
    private var state: State

    /// An empty sum (it seals to E(0) = 1, which decrypts to 0).
    public init(publicKey: PaillierPublicKey) {
        self.publicKey = publicKey
        self.state = State(limbCount: Int(__gmpz_size(publicKey.nSquared.pointer)))
    }

    /// Number of ciphertexts added so far.
    public var count: Int { state.count }

    /// Folds `ciphertext` into the sum. The ciphertext must come from `publicKey` (a mismatch is
    /// a programming error and stops the process with a message naming both keys).
    public mutating func add(_ ciphertext: PaillierCiphertext) {
        precondition(
            ciphertext.keyID == publicKey.keyID,
            "CiphertextAccumulator for key \(publicKey.keyID) was given a ciphertext of key \(ciphertext.keyID)")
        if !isKnownUniquelyReferenced(&state) { state = State(copying: state) }
        let k = state.limbCount
        withExtendedLifetime(ciphertext) {
            let y = ciphertext.value.pointer
            let ySize = Int(__gmpz_size(y))
            precondition(ySize >= 1 && ySize <= k, "ciphertext out of range")
            let yLimbs = __gmpz_limbs_read(y)!
            if let montgomery = publicKey.nSquaredMontgomery {
                withUnsafeTemporaryAllocation(of: mp_limb_t.self, capacity: 2 * k) { product in
                    montgomery.multiplyReducing(state.limbs, by: yLimbs, ySize: ySize, product: product.baseAddress!)
                }
            } else {
                withUnsafeTemporaryAllocation(of: mp_limb_t.self, capacity: 3 * k + 1) { buffer in
                    let product = buffer.baseAddress!
                    __gmpn_mul(product, state.limbs, k, yLimbs, ySize)
                    __gmpn_tdiv_qr(
                        product + 2 * k, state.limbs, 0, product, k + ySize, __gmpz_limbs_read(publicKey.nSquared.pointer), k)
                }
            }
        }
        state.count += 1
    }

    /// The sum so far as a ciphertext: E(Σ mᵢ).
    public func sealed() -> PaillierCiphertext {
        var sum = BigInteger(limbs: state.limbs, count: state.limbCount)
        if let montgomery = publicKey.nSquaredMontgomery, state.count > 0 {
            let correction = MPZ()
            __gmpz_powm_ui(correction.pointer, montgomery.radix.pointer, UInt(state.count), montgomery.modulus.pointer)
            sum = (sum * BigInteger(storage: correction)).modulo(montgomery.modulus)
        }
        return PaillierCiphertext(unchecked: sum, keyID: publicKey.keyID)
    }

    /// The product's limbs and the count; replaced, never shared, when mutated.
    private final class State: @unchecked Sendable {
        /// Exactly `limbCount` little-endian limbs, always below n².
        let limbs: UnsafeMutablePointer<mp_limb_t>
        /// Limbs k of n².
        let limbCount: Int
        var count = 0

        /// The empty product 1.
        init(limbCount: Int) {
            self.limbCount = limbCount
            limbs = .allocate(capacity: limbCount)
            limbs.initialize(repeating: 0, count: limbCount)
            limbs[0] = 1
        }

        init(copying other: State) {
            limbCount = other.limbCount
            limbs = .allocate(capacity: limbCount)
            limbs.initialize(from: other.limbs, count: limbCount)
            count = other.count
        }

        deinit { limbs.deallocate() }
    }
}
