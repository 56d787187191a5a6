import Foundation
import Paillier

/// The built-in `zeroize` purge: the plaintext values' buffer is overwritten with zeros by `explicit_bzero` (a call
/// the compiler may not drop as a dead store) and kept (emptied, capacity unchanged), so no copy of it is left in
/// freed memory; ciphertexts are released (their GMP memory is cleared by `Paillier` when freed).
public struct ZeroizePurger: ReadingPurger {
    /// Creates the purger.
    public init() {}

    /// Wipes and empties both arrays, keeping their capacity; returns how many readings were destroyed.
    public func purge(values: inout [Int64], ciphertexts: inout [PaillierCiphertext]) -> Int {
        let count = values.count
        Self.wipe(&values)
        values.removeAll(keepingCapacity: true)
        ciphertexts.removeAll(keepingCapacity: true)
        return count
    }

    /// Overwrites the elements of `values` with zeros in place, with `explicit_bzero`.
    static func wipe(_ values: inout [Int64]) {
        values.withUnsafeMutableBytes { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            #if canImport(Darwin)
            _ = memset_s(base, bytes.count, 0, bytes.count)
            #else
            explicit_bzero(base, bytes.count)
            #endif
        }
    }
}
