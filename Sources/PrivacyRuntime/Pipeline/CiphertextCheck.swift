import Paillier
import Policy
import Synchronization

/// Admission's check of a reading encrypted at the meter against the policy's public key: the key id must be the
/// key's, the exponent 0 (integer units), and c an element of Z*_{n²} (0 < c < n², gcd(c, n) = 1), so that folding
/// it in is one multiplication that keeps the window's aggregate a ciphertext of this key. The value stays unseen.
///
/// Policies under the same key share one check: a reading offered to each of them in turn is parsed and checked once.
final class CiphertextCheck: Sendable {
    /// Why a ciphertext was refused.
    struct Refusal: Error, Sendable, Equatable {
        /// `wrong_key` or `bad_ciphertext`.
        var reason: RejectReason
        /// A sentence for the rejects file; never anything the reading carried (its digits, key id or exponent), which
        /// could hold a value.
        var detail: String
    }

    /// The policy's key.
    let publicKey: PaillierPublicKey
    /// Whether a batch's verdicts leave coprimality with n to the fold (`verdicts(for:)`); cleared while the run is
    /// set up, before any reading, when a policy whose windows get few readings per batch shares the check.
    private let defers: Atomic<Bool>
    private let last = Mutex<(reading: MeterCiphertext, verdict: Result<PaillierCiphertext, Refusal>)?>(nil)

    /// A check against `publicKey`; with `defersCoprimality`, batches' verdicts leave coprimality to the fold.
    init(publicKey: PaillierPublicKey, defersCoprimality: Bool = false) {
        self.publicKey = publicKey
        self.defers = Atomic(defersCoprimality)
    }

    /// Whether a batch's verdicts leave coprimality with n to the fold.
    var defersCoprimality: Bool { defers.load(ordering: .relaxed) }

    /// The ciphertext, ready to fold, or why it is refused.
    func check(_ reading: MeterCiphertext) -> Result<PaillierCiphertext, Refusal> {
        if let cached = last.withLock({ $0 }), cached.reading == reading { return cached.verdict }
        let verdict = self.verdict(reading)
        last.withLock { $0 = (reading, verdict) }
        return verdict
    }

    /// The verdicts on a batch's readings, in their order, as `check` gives them one by one: key id and exponent per
    /// reading, then the ciphertexts parsed and checked on every core, coprimality once per core's share
    /// (`PaillierPublicKey.ciphertexts(decimals:checkingCoprimality:)`), or, when the check `defersCoprimality`, not
    /// at all: the fold checks it from each window's sum (`GroupBatch.fold`) and hands back the ones that fail.
    /// CPU-bound: call it off the cooperative pool (`CPUBoundWork`).
    func verdicts(for readings: [MeterCiphertext]) -> [Result<PaillierCiphertext, Refusal>] {
        var verdicts = readings.map { reading in formRefusal(reading).map { Result<PaillierCiphertext, Refusal>.failure($0) } }
        let pending = verdicts.indices.filter { verdicts[$0] == nil }
        let parsed = publicKey.ciphertexts(decimals: pending.map { readings[$0].decimal }, checkingCoprimality: !defersCoprimality)
        for (index, result) in zip(pending, parsed) { verdicts[index] = result.mapError(Self.badCiphertext) }
        return verdicts.map { $0! }
    }

    private func verdict(_ reading: MeterCiphertext) -> Result<PaillierCiphertext, Refusal> {
        if let refusal = formRefusal(reading) { return .failure(refusal) }
        do {
            return .success(try PaillierCiphertext(decimal: reading.decimal, publicKey: publicKey))
        } catch {
            return .failure(Self.badCiphertext(error))
        }
    }

    /// Why `reading` is refused before its ciphertext is looked at (another key's id, an exponent other than 0).
    private func formRefusal(_ reading: MeterCiphertext) -> Refusal? {
        guard reading.keyID == publicKey.keyID else {
            return Refusal(reason: .wrongKey, detail: "its key_id is not the policy's key \(publicKey.keyID)")
        }
        guard reading.exponent == 0 else {
            return Refusal(reason: .badCiphertext,
                           detail: "its exponent e is not 0: only integer units of the policy's resolution (e=0) can be summed")
        }
        return nil
    }

    /// A ciphertext that is malformed, out of range or not coprime with n.
    private static func badCiphertext(_ error: any Error) -> Refusal {
        Refusal(reason: .badCiphertext, detail: "\(error)")
    }

    /// One check per distinct public key across a run's policies.
    struct Shared {
        private var checks: [String: CiphertextCheck] = [:]

        /// The check for `publicKey`, made on first use, for `policy`. Coprimality is left to the fold (one gcd per
        /// window and batch, from its sum) unless a household policy accepting encrypted readings shares the key: a
        /// household window gets a few of a batch's readings, where a region window gets many, and the fold would
        /// then pay about one gcd per reading, against one product per reading checked before admission.
        mutating func check(for publicKey: PaillierPublicKey, policy: Policy) -> CiphertextCheck {
            let check = checks[publicKey.keyID] ?? CiphertextCheck(publicKey: publicKey, defersCoprimality: true)
            checks[publicKey.keyID] = check
            if policy.scope == .household && policy.readings.encoding.acceptsEncrypted {
                check.defers.store(false, ordering: .relaxed)
            }
            return check
        }
    }
}
