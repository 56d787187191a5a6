import Paillier

/// The built-in `zeroize` purge: plaintext values are overwritten with zeros and their buffer freed;
/// ciphertexts are released (their GMP memory is cleared by `Paillier` when freed).
public struct ZeroizePurger: ReadingPurger {
    /// Creates the purger.
    public init() {}

    /// Zeroes and empties both arrays; returns how many readings were destroyed.
    public func purge(values: inout [Int64], ciphertexts: inout [PaillierCiphertext]) -> Int {
        let count = values.count
        values.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices { buffer[index] = 0 }
        }
        values.removeAll()
        ciphertexts.removeAll()
        return count
    }
}
