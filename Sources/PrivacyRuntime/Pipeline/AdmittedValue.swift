import Paillier

/// An accepted reading's value as admission hands it on: integer units of the policy's resolution (plaintext, to be
/// encrypted or added into the window's ciphertext, then wiped), or the ciphertext the meter made (folded as is).
enum AdmittedValue {
    /// A plain value in policy units.
    case units(Int64)
    /// A value encrypted at the meter, checked against the policy's key.
    case ciphertext(PaillierCiphertext)
}
