import CGMP
import Dispatch
import Foundation

extension PaillierPublicKey {
    /// Parses decimal ciphertexts made elsewhere (readings encrypted at the meter) and checks each as
    /// `PaillierCiphertext(decimal:publicKey:)` does, in [1, n²) and coprime with n, on every core; the results keep
    /// the input order, and each ciphertext carries its base-n digits, so folding it needs no division.
    ///
    /// Coprimality costs one gcd per core's share, not one per ciphertext (`nonUnits(among:)`), so a bad one is refused
    /// with its reason and the others in its share are still accepted. With `checkingCoprimality` false it is left to
    /// whoever folds them (`PaillierCiphertext.coprimalityChecked` false), which can check it from the sum with one gcd
    /// (`CiphertextAccumulator.addCheckingUnits`). Ciphertexts are public: no step needs to be constant-time.
    public func ciphertexts(decimals: [String], checkingCoprimality: Bool = true) -> [Result<PaillierCiphertext, PaillierError>] {
        // Four shares per core (of at least 64 ciphertexts, so the gcds stay few), handed out as cores free up: a core
        // that other work (the pipeline's admission) slows takes fewer, instead of the others waiting for its half.
        let cores = Processors.active
        let workers = min(4 * cores, decimals.count / 64)
        guard cores > 1, workers > 1 else { return ciphertexts(share: decimals[...], checkingCoprimality: checkingCoprimality) }
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
            output[worker] = ciphertexts(share: decimals[start..<min(start + chunk, decimals.count)],
                                         checkingCoprimality: checkingCoprimality)
        }
        return shares.flatMap { $0 }
    }

    /// One core's share of `ciphertexts(decimals:checkingCoprimality:)`: parse, range, base-n digits, then, when
    /// checking coprimality, one gcd for the share.
    private func ciphertexts(share decimals: ArraySlice<String>, checkingCoprimality: Bool) -> [Result<PaillierCiphertext, PaillierError>] {
        let digitLimbs = Int(__gmpz_size(n.pointer))
        var results: [Result<PaillierCiphertext, PaillierError>] = decimals.map { decimal in
            guard let value = BigInteger(decimal: decimal) else {
                return .failure(PaillierError(.invalidCiphertext, "malformed ciphertext: expected a decimal integer"))
            }
            guard isInCiphertextRange(value) else { return .failure(ciphertextOutOfRange) }
            // Left unchecked, they are folded as one product (`CiphertextAccumulator.addProduct(of:)`), without digits.
            let digits = checkingCoprimality ? BaseNDigits(dividing: value, by: n, digitLimbs: digitLimbs) : nil
            return .success(PaillierCiphertext(unchecked: value, keyID: keyID, digits: digits, coprimalityChecked: checkingCoprimality))
        }
        guard checkingCoprimality else { return results }
        let inRange = results.indices.compactMap { index in (try? results[index].get()).map { (index, $0) } }
        for refused in nonUnits(among: inRange.map(\.1)) { results[inRange[refused].0] = .failure(ciphertextNotCoprime) }
        return results
    }

    /// The indices of `ciphertexts` (of this key) that share a factor with n, so are not ciphertexts (units modulo n²).
    ///
    /// One gcd for all of them, not one each: gcd(∏ cᵢ mod n, n) = 1 exactly when every cᵢ is coprime with n (a prime
    /// dividing n divides the product only if it divides a factor), and cᵢ mod n is cᵢ's low base-n digit. Only when
    /// the product fails is each checked on its own.
    public func nonUnits(among ciphertexts: [PaillierCiphertext]) -> [Int] {
        let product = MPZ(1)
        withExtendedLifetime(n) {
            for ciphertext in ciphertexts {
                precondition(ciphertext.keyID == keyID, "nonUnits: a ciphertext of key \(ciphertext.keyID), not \(keyID)")
                ciphertext.withLowDigit(n: n) { low in
                    __gmpz_mul(product.pointer, product.pointer, low)
                    __gmpz_tdiv_r(product.pointer, product.pointer, n.pointer)
                }
            }
        }
        guard BigInteger(storage: product).gcd(n) != BigInteger(1) else { return [] }
        return ciphertexts.indices.filter { ciphertexts[$0].value.gcd(n) != BigInteger(1) }
    }
}

extension PaillierCiphertext {
    /// c mod n as a read-only GMP integer for `body` only: the low base-n digit when known, else computed.
    func withLowDigit<Result>(n: BigInteger, _ body: (UnsafePointer<__mpz_struct>) -> Result) -> Result {
        if let digits { return digits.withLow(body) }
        let low = value.modulo(n)
        return withExtendedLifetime(low) { body(low.pointer) }
    }
}
