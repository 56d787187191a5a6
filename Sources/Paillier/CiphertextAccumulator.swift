import CGMP

/// A running homomorphic sum: multiplies ciphertexts into one product modulo n² in place, reusing
/// the same GMP integer for every `add` (no allocation per add once warmed up).
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
        self.state = State(modulusBits: publicKey.nSquared.bitWidth)
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
        if let montgomery = publicKey.nSquaredMontgomery {
            montgomery.multiplyReducing(state.product.pointer, by: ciphertext.value.pointer)
        } else {
            __gmpz_mul(state.scratch.pointer, state.product.pointer, ciphertext.value.pointer)
            __gmpz_tdiv_r(state.product.pointer, state.scratch.pointer, publicKey.nSquared.pointer)
        }
        state.count += 1
    }

    /// The sum so far as a ciphertext: E(Σ mᵢ).
    public func sealed() -> PaillierCiphertext {
        let sum = MPZ(copying: state.product)
        if let montgomery = publicKey.nSquaredMontgomery, state.count > 0 {
            let correction = MPZ()
            let scratch = MPZ()
            __gmpz_powm_ui(correction.pointer, montgomery.radix.pointer, UInt(state.count), montgomery.modulus.pointer)
            __gmpz_mul(scratch.pointer, sum.pointer, correction.pointer)
            __gmpz_tdiv_r(sum.pointer, scratch.pointer, montgomery.modulus.pointer)
        }
        return PaillierCiphertext(unchecked: BigInteger(storage: sum), keyID: publicKey.keyID)
    }

    /// The mutable product and the count; replaced, never shared, when mutated.
    private final class State: @unchecked Sendable {
        let product: MPZ
        var count = 0
        /// Room for the unreduced product on the small-modulus path only (saves memory per open window).
        lazy var scratch = MPZ()

        init(modulusBits: Int) {
            product = MPZ(capacity: modulusBits + 64)
            __gmpz_set_ui(product.pointer, 1)
        }

        init(copying other: State) {
            product = MPZ(copying: other.product)
            count = other.count
        }
    }
}
