import CGMP

/// A running homomorphic sum: multiplies ciphertexts into one product modulo n² in place, reusing
/// the same two GMP integers for every `add` (no allocation per add once warmed up).
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
        __gmpz_mul(state.scratch.pointer, state.product.pointer, ciphertext.value.pointer)
        __gmpz_tdiv_r(state.product.pointer, state.scratch.pointer, publicKey.nSquared.pointer)
        state.count += 1
    }

    /// The sum so far as a ciphertext: E(Σ mᵢ).
    public func sealed() -> PaillierCiphertext {
        PaillierCiphertext(unchecked: BigInteger(storage: MPZ(copying: state.product)), keyID: publicKey.keyID)
    }

    /// The mutable product, its scratch space and the count; replaced, never shared, when mutated.
    private final class State: @unchecked Sendable {
        let product: MPZ
        let scratch: MPZ
        var count = 0

        init(modulusBits: Int) {
            product = MPZ(capacity: modulusBits + 64)
            __gmpz_set_ui(product.pointer, 1)
            scratch = MPZ(capacity: 2 * modulusBits + 128)
        }

        init(copying other: State) {
            product = MPZ(copying: other.product)
            scratch = MPZ(capacity: Int(__gmpz_sizeinbase(other.product.pointer, 2)) * 2 + 128)
            count = other.count
        }
    }
}
