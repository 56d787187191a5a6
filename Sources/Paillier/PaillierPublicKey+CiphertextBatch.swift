import CGMP
import Dispatch
import Foundation

extension PaillierPublicKey {
    /// Parses decimal ciphertexts made elsewhere (readings encrypted at the meter) and checks each as
    /// `PaillierCiphertext(decimal:publicKey:)` does, in [1, n²) and coprime with n, on every core; the results keep
    /// the input order, and each ciphertext carries its base-n digits, so folding it needs no division.
    ///
    /// Coprimality costs one gcd per core's share, not one per ciphertext: gcd(∏ cᵢ mod n, n) = 1 exactly when every
    /// cᵢ is coprime with n (a prime dividing n divides the product only if it divides a factor), and c mod n is c's
    /// low base-n digit, computed anyway. Only a share whose product fails is checked ciphertext by ciphertext, so a
    /// bad one is refused with its reason and the others in its share are still accepted. Ciphertexts are public: no
    /// step needs to be constant-time.
    public func ciphertexts(decimals: [String]) -> [Result<PaillierCiphertext, PaillierError>] {
        // Four shares per core (of at least 64 ciphertexts, so the gcds stay few), handed out as cores free up: a core
        // that other work (the pipeline's admission) slows takes fewer, instead of the others waiting for its half.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let workers = min(4 * cores, decimals.count / 64)
        guard cores > 1, workers > 1 else { return ciphertexts(share: decimals[...]) }
        let chunk = (decimals.count + workers - 1) / workers
        let shares = UnsafeMutableBufferPointer<[Result<PaillierCiphertext, PaillierError>]>.allocate(capacity: workers)
        shares.initialize(repeating: [])
        defer {
            _ = shares.deinitialize()
            shares.deallocate()
        }
        nonisolated(unsafe) let output = shares
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let start = min(worker * chunk, decimals.count)
            output[worker] = ciphertexts(share: decimals[start..<min(start + chunk, decimals.count)])
        }
        return shares.flatMap { $0 }
    }

    /// One core's share of `ciphertexts(decimals:)`: parse, range, base-n digits, then one gcd for the share.
    private func ciphertexts(share decimals: ArraySlice<String>) -> [Result<PaillierCiphertext, PaillierError>] {
        var results: [Result<PaillierCiphertext, PaillierError>] = []
        results.reserveCapacity(decimals.count)
        // The digits of each ciphertext in range, with its place in `results`, for the search after a failed product.
        var checked: [(result: Int, digits: BaseNDigits)] = []
        checked.reserveCapacity(decimals.count)
        let digitLimbs = Int(__gmpz_size(n.pointer))
        let product = MPZ(1)
        withExtendedLifetime(n) {
            for decimal in decimals {
                guard let value = BigInteger(decimal: decimal) else {
                    results.append(.failure(PaillierError(.invalidCiphertext, "malformed ciphertext: expected a decimal integer")))
                    continue
                }
                guard isInCiphertextRange(value) else {
                    results.append(.failure(ciphertextOutOfRange))
                    continue
                }
                let digits = BaseNDigits(dividing: value, by: n, digitLimbs: digitLimbs)
                digits.withLow { low in
                    __gmpz_mul(product.pointer, product.pointer, low)
                    __gmpz_tdiv_r(product.pointer, product.pointer, n.pointer)
                }
                checked.append((results.count, digits))
                results.append(.success(PaillierCiphertext(unchecked: value, keyID: keyID, digits: digits)))
            }
        }
        if BigInteger(storage: product).gcd(n) != BigInteger(1) {
            for (result, digits) in checked {
                let coprime = withExtendedLifetime(n) { digits.withLow { low in
                    let divisor = MPZ()
                    __gmpz_gcd(divisor.pointer, low, n.pointer)
                    return __gmpz_cmp_ui(divisor.pointer, 1) == 0
                } }
                if !coprime { results[result] = .failure(ciphertextNotCoprime) }
            }
        }
        return results
    }
}
