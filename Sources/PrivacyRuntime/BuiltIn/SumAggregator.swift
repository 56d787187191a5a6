import Paillier

/// The built-in `sum` aggregator: E(a)·E(b) mod n² = E(a + b), and E(a)·(1 + b·n) mod n² = E(a + b) for a plaintext b
/// (`per_window`), accumulated in place.
public struct SumAggregator: WindowAggregator {
    /// Creates the aggregator.
    public init() {}

    /// A running product of ciphertexts under `publicKey`.
    public func makeAccumulator(publicKey: PaillierPublicKey) -> any WindowAccumulator {
        SumAccumulator(publicKey: publicKey)
    }
}

/// One window's homomorphic sum (wraps Paillier's allocation-free accumulator).
final class SumAccumulator: WindowAccumulator {
    private var accumulator: CiphertextAccumulator

    init(publicKey: PaillierPublicKey) {
        accumulator = CiphertextAccumulator(publicKey: publicKey)
    }

    func add(_ ciphertext: PaillierCiphertext) {
        accumulator.add(ciphertext)
    }

    func add(plaintext units: Int64) {
        accumulator.add(plaintext: units)
    }

    /// One gcd on the sum for all of them (`CiphertextAccumulator.addCheckingUnits`); a sum ignores the timestamps.
    func addCheckingUnits(_ ciphertexts: [PaillierCiphertext], at timestamps: [Int64]) -> [Int]? {
        accumulator.addCheckingUnits(ciphertexts)
    }

    var ciphertextCount: Int { accumulator.count }

    /// Each window's sum is its own block of limbs; the public key is only read.
    var foldsConcurrently: Bool { true }

    func sealed() -> PaillierCiphertext {
        accumulator.sealed()
    }
}
