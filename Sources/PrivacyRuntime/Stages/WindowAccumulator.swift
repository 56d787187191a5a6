import Paillier

/// One window's running aggregate over ciphertexts; holds no plaintext.
public protocol WindowAccumulator: AnyObject {
    /// Folds one encrypted reading in (`per_reading`, or a reading encrypted at the meter in either mode, checked by
    /// admission), or the window's fresh E(0) before anything else (`per_window`).
    func add(_ ciphertext: PaillierCiphertext)
    /// Folds one reading in as a plaintext, into the ciphertext (`per_window`: acc·(1 + m·n) mod n² for a sum).
    /// Called only once a ciphertext was added, so the value never sits in the accumulator unencrypted.
    func add(plaintext units: Int64)
    /// Ciphertexts added so far; 0 until the window's first ciphertext (its E(0) in `per_window` mode).
    var ciphertextCount: Int { get }
    /// The aggregate's ciphertext (e.g. E(Σ values)).
    func sealed() -> PaillierCiphertext
    /// Folds one encrypted reading stamped `timestamp` in (a billing period picks the reading's band by it).
    func add(_ ciphertext: PaillierCiphertext, at timestamp: Int64)
    /// Folds one reading stamped `timestamp` in as a plaintext (`per_window`), after a ciphertext was added.
    func add(plaintext units: Int64, at timestamp: Int64)
    /// True when this accumulator shares no mutable state with other windows' accumulators, so the runtime may fold
    /// other windows on other threads while it folds this one (one window is never folded from two threads at once).
    /// The default, false, folds all of a batch's windows on one thread.
    var foldsConcurrently: Bool { get }
    /// Folds readings encrypted at the meter, stamped `timestamps`, whose coprimality with n is not checked yet, when
    /// this accumulator can tell from its aggregate whether each was a unit modulo n² (a ciphertext of the key): returns
    /// the indices of those that were not, none of which it folded. The default returns nil and folds nothing; the
    /// runtime then checks them first (`PaillierPublicKey.nonUnits(among:)`) and folds the others with `add(_:at:)`.
    func addCheckingUnits(_ ciphertexts: [PaillierCiphertext], at timestamps: [Int64]) -> [Int]?
}

extension WindowAccumulator {
    /// A sum ignores the timestamp.
    public func add(_ ciphertext: PaillierCiphertext, at timestamp: Int64) { add(ciphertext) }

    /// A sum ignores the timestamp.
    public func add(plaintext units: Int64, at timestamp: Int64) { add(plaintext: units) }

    /// Folded on one thread with the batch's other windows.
    public var foldsConcurrently: Bool { false }

    /// Cannot tell from its aggregate: the runtime checks the ciphertexts before folding them.
    public func addCheckingUnits(_ ciphertexts: [PaillierCiphertext], at timestamps: [Int64]) -> [Int]? { nil }
}
