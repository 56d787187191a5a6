import Paillier

/// A stage that combines a window's encrypted readings homomorphically (the built-in `sum`).
public protocol WindowAggregator: Sendable {
    /// A fresh accumulator for one window under `publicKey`; called when a window opens.
    func makeAccumulator(publicKey: PaillierPublicKey) -> any WindowAccumulator
}
