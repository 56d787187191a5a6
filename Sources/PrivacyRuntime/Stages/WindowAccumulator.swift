import Paillier

/// One window's running aggregate over ciphertexts; holds no plaintext.
public protocol WindowAccumulator: AnyObject {
    /// Folds one encrypted reading in.
    func add(_ ciphertext: PaillierCiphertext)
    /// The aggregate's ciphertext (e.g. E(Σ values)).
    func sealed() -> PaillierCiphertext
}
