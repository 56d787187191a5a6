/// How an encryption is randomised.
///
/// - `standard`: textbook Paillier, obfuscator r^n mod n² with r uniform in Z*_n; security rests on
///   the decisional composite residuosity assumption (DCRA) alone.
/// - `djn`: Damgård–Jurik–Nielsen, obfuscator h_s^α mod n² with h_s = (−x²)^n mod n² for a random
///   x fixed per encryptor and a short random exponent α of ⌈|n|/2⌉ bits (1024, 1536 and 2048 bits
///   for 2048-, 3072- and 4096-bit keys), computed from fixed-base precomputed tables. Several times
///   faster; security additionally rests on the assumption that h_s^α with such a short α is
///   indistinguishable from a uniform element of the subgroup ⟨h_s⟩ (the DJN short-exponent
///   assumption).
public enum Obfuscation: String, Sendable, CaseIterable {
    /// r^n mod n², r uniform in Z*_n.
    case standard
    /// h_s^α mod n² with a ⌈|n|/2⌉-bit α and fixed-base tables.
    case djn
}
