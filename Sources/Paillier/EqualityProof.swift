import CGMP
import Crypto

/// A non-interactive proof (Fiat–Shamir) that a partial decryption c_i = c^(2Δs_i) used the same
/// secret as the share's verification key v_i = v^(Δs_i): log_{c⁴}(c_i²) = log_v(v_i), as Shoup's
/// threshold RSA and Damgård–Jurik specify.
///
/// Prover: r of `randomBits` bits, a = c^(4r), b = v^r, e = H(n, c, c_i, v, v_i, a, b, i, context),
/// z = r + e·Δ·s_i over the integers. Verifier: a = c^(4z)·c_i^(−2e), b = v^z·v_i^(−e) (mod n²),
/// and e must equal H(…, a, b, …).
public struct EqualityProof: Sendable, Hashable {
    /// The challenge e, a 256-bit SHA-256 output.
    public let e: BigInteger
    /// The response z = r + e·Δ·s_i.
    public let z: BigInteger

    /// Bits of the challenge: SHA-256's output.
    static let challengeBits = 256

    /// A proof from its two numbers (as read from a file; `verify` checks it).
    public init(e: BigInteger, z: BigInteger) {
        self.e = e
        self.z = z
    }

    /// Bits of r: |n²| + |Δ| + 2·256, so z = r + e·Δ·s_i (|e·Δ·s_i| < |n²| + |Δ| + 256) hides Δ·s_i
    /// statistically, with a margin of 256 bits.
    static func randomBits(for key: ThresholdPublicKey) -> Int {
        key.paillier.nSquared.bitWidth + key.delta.bitWidth + 2 * challengeBits
    }

    /// Proves that `partial` = c^(2Δs) for the share's secret s (`exponent` = Δ·s, secret).
    static func prove(ciphertext c: BigInteger, partial ci: BigInteger, exponent deltaS: BigInteger,
                      index: Int, context: [UInt8], key: ThresholdPublicKey) -> EqualityProof {
        let nSquared = key.paillier.nSquared
        let r = MPZ()
        SecureRandom.setRandomBits(r.pointer, bits: randomBits(for: key))
        __gmpz_setbit(r.pointer, 0)  // r > 0, as mpz_powm_sec requires; one fixed bit costs no hiding.
        let secretR = BigInteger(storage: r)
        let cFourth = c.power(BigInteger(4), modulo: nSquared)
        let a = cFourth.secretPower(secretR, modulo: nSquared)
        let b = key.v.secretPower(secretR, modulo: nSquared)
        let e = challenge(c: c, ci: ci, index: index, a: a, b: b, context: context, key: key)
        return EqualityProof(e: e, z: secretR + e * deltaS)
    }

    /// True when the proof shows `ci` was computed from `c` with share `index`'s secret.
    func verify(ciphertext c: BigInteger, partial ci: BigInteger, index: Int, context: [UInt8], key: ThresholdPublicKey) -> Bool {
        guard let vi = key.verificationKey(index: index), e.signum >= 0, e.bitWidth <= Self.challengeBits,
              z.signum > 0, z.bitWidth <= Self.randomBits(for: key) + 1 else { return false }
        let nSquared = key.paillier.nSquared
        guard let ciInverse = ci.inverse(modulo: nSquared), let viInverse = vi.inverse(modulo: nSquared) else { return false }
        let cFourth = c.power(BigInteger(4), modulo: nSquared)
        let a = (cFourth.power(z, modulo: nSquared) * ciInverse.power(e.shiftedLeft(by: 1), modulo: nSquared)).modulo(nSquared)
        let b = (key.v.power(z, modulo: nSquared) * viInverse.power(e, modulo: nSquared)).modulo(nSquared)
        return Self.challenge(c: c, ci: ci, index: index, a: a, b: b, context: context, key: key) == e
    }

    /// e = SHA-256 over n, c, c_i, v, v_i, a, b, the share index and the caller's context (the
    /// aggregate's identity), each length-prefixed.
    static func challenge(c: BigInteger, ci: BigInteger, index: Int, a: BigInteger, b: BigInteger,
                          context: [UInt8], key: ThresholdPublicKey) -> BigInteger {
        var hash = SHA256()
        HashInput.append(Array("privacy-runtime threshold paillier equality proof v1".utf8), to: &hash)
        HashInput.append(key.paillier.n, to: &hash)
        HashInput.append(c, to: &hash)
        HashInput.append(ci, to: &hash)
        HashInput.append(key.v, to: &hash)
        HashInput.append(key.verificationKey(index: index) ?? BigInteger(0), to: &hash)
        HashInput.append(a, to: &hash)
        HashInput.append(b, to: &hash)
        HashInput.append(UInt64(index), to: &hash)
        HashInput.append(context, to: &hash)
        return BigInteger(bigEndianMagnitude: Array(hash.finalize()))
    }
}
