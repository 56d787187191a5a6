import Paillier

/// A stage that destroys readings once they are folded into their windows (the built-in `zeroize`).
///
/// Called after every processed batch with the batch's plaintext values and ciphertexts; afterwards the
/// runtime keeps no reference to either. The purge log records the returned count.
public protocol ReadingPurger: Sendable {
    /// Destroys `values` and `ciphertexts` (e.g. overwrites and empties them); returns how many readings were destroyed.
    func purge(values: inout [Int64], ciphertexts: inout [PaillierCiphertext]) -> Int
}
