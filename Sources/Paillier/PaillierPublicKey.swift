import CGMP
import Crypto

/// A Paillier public key with g = n + 1: everything needed to encrypt and to add ciphertexts.
public struct PaillierPublicKey: Sendable, Hashable {
    /// The modulus n = p·q.
    public let n: BigInteger
    /// The bit length of n (2048, 3072 or 4096 for keys this module generates).
    public let bits: Int
    /// The key id that every ciphertext and aggregate carries: `fingerprint(of: n)`, so two different keys
    /// can never share an id, whatever their files call them.
    public let keyID: String
    /// The key's name as its file gives it (the JWK "kid", e.g. pheutil's "Paillier public key generated
    /// by pheutil on …" or "demo-only key: …"); nil when the file has none.
    public let label: String?
    /// n², the ciphertext modulus.
    let nSquared: BigInteger
    /// The largest encodable magnitude, python-paillier's `max_int` = ⌊n/3⌋ − 1.
    public let maxPlaintext: BigInteger

    /// Smallest and largest modulus sizes accepted from files or callers.
    public static let acceptedBits = 2048...8192

    /// A public key for modulus `n`, named `label` in key files.
    /// Throws when n is even, or outside `acceptedBits`.
    public init(n: BigInteger, label: String? = nil) throws {
        guard n.signum > 0, n.isOdd else {
            throw PaillierError(.invalidKey, "invalid Paillier public key: n must be a positive odd integer")
        }
        guard Self.acceptedBits.contains(n.bitWidth) else {
            throw PaillierError(
                .invalidKey,
                "invalid Paillier public key: n has \(n.bitWidth) bits, expected \(Self.acceptedBits.lowerBound) to \(Self.acceptedBits.upperBound)")
        }
        self.init(validatedModulus: n, label: label)
    }

    /// A key for an n the caller has validated (tests use small moduli through this).
    init(validatedModulus n: BigInteger, label: String?) {
        self.n = n
        self.bits = n.bitWidth
        self.nSquared = n * n
        self.maxPlaintext = n.floorDivided(by: BigInteger(3)) - BigInteger(1)
        self.keyID = Self.fingerprint(of: n)
        self.label = label
    }

    /// A short, stable id derived from n: the first 8 bytes of SHA-256 over n's big-endian bytes, in hex.
    public static func fingerprint(of n: BigInteger) -> String {
        let digest = Array(SHA256.hash(data: n.bigEndianMagnitude))
        let hex = digest.prefix(8).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
        }
        return hex.joined()
    }

    /// `fingerprint(of: n)` for this key (the same as `keyID`).
    public var fingerprint: String { keyID }

    /// Equal keys have equal moduli.
    public static func == (lhs: PaillierPublicKey, rhs: PaillierPublicKey) -> Bool { lhs.n == rhs.n }

    /// Hashes the modulus.
    public func hash(into hasher: inout Hasher) { hasher.combine(n) }

    /// Encodes a signed plaintext as python-paillier does: x ≥ 0 as x, x < 0 as n + x, for
    /// |x| ≤ `maxPlaintext`.
    func encode(_ value: BigInteger) throws -> BigInteger {
        guard value <= maxPlaintext, value >= -maxPlaintext else {
            throw PaillierError(
                .plaintextOutOfRange,
                "plaintext \(value) is outside the encodable range ±\(maxPlaintext) (⌊n/3⌋−1) of key \(keyID)")
        }
        return value.signum < 0 ? n + value : value
    }

    /// Decodes an element of [0, n) to a signed value; the band between `maxPlaintext` and
    /// n − `maxPlaintext` means the sum overflowed and is reported as an error.
    func decode(_ encoded: BigInteger) throws -> BigInteger {
        if encoded <= maxPlaintext { return encoded }
        if encoded >= n - maxPlaintext { return encoded - n }
        throw PaillierError(
            .overflow,
            "decrypted value lies in the overflow band of key \(keyID): the encrypted sum exceeded ±(⌊n/3⌋−1)")
    }

    /// Checks that `value` is a ciphertext of this key: in [1, n²) and coprime with n.
    func validateCiphertext(_ value: BigInteger) throws {
        guard isInCiphertextRange(value) else { throw ciphertextOutOfRange }
        guard value.gcd(n) == BigInteger(1) else { throw ciphertextNotCoprime }
    }

    /// True when `value` is in [1, n²).
    func isInCiphertextRange(_ value: BigInteger) -> Bool {
        value.signum > 0 && value < nSquared
    }

    /// A ciphertext outside [1, n²).
    var ciphertextOutOfRange: PaillierError {
        PaillierError(.invalidCiphertext, "ciphertext out of range: must be in [1, n²) for key \(keyID)")
    }

    /// A ciphertext sharing a factor with n (not an element of Z*_{n²}).
    public var ciphertextNotCoprime: PaillierError {
        PaillierError(.invalidCiphertext, "invalid ciphertext: not coprime with n of key \(keyID)")
    }

    /// Sets `target` to (1 + m·n)·r mod n² for an encoded m in [0, n) and obfuscator r, computed as
    /// r + n·(m·r mod n) mod n² to avoid a full product modulo n². `scratch` is reused.
    func combine(encoded m: UnsafePointer<__mpz_struct>, obfuscator r: UnsafePointer<__mpz_struct>,
                 into target: UnsafeMutablePointer<__mpz_struct>, scratch: UnsafeMutablePointer<__mpz_struct>) {
        __gmpz_mul(scratch, m, r)
        __gmpz_mod(scratch, scratch, n.pointer)
        __gmpz_mul(scratch, scratch, n.pointer)
        __gmpz_add(target, scratch, r)
        if __gmpz_cmp(target, nSquared.pointer) >= 0 {
            __gmpz_sub(target, target, nSquared.pointer)
        }
    }

    /// A fresh standard obfuscator r^n mod n², r uniform in Z*_n.
    func standardObfuscator() -> BigInteger {
        let r = SecureRandom.unit(modulo: n)
        return r.power(n, modulo: nSquared)
    }
}
