import Crypto
import Foundation

/// The public side of a t-of-l threshold Paillier key (Shoup, Damgård–Jurik with s = 1): the ordinary
/// public key the runtime encrypts under (g = n + 1, same n) plus what verifies partial decryptions.
public struct ThresholdPublicKey: Sendable, Hashable {
    /// The ordinary Paillier public key: ciphertexts under it are ordinary Paillier ciphertexts.
    public let paillier: PaillierPublicKey
    /// How many custodians must cooperate to decrypt (t).
    public let threshold: Int
    /// How many shares were dealt (l).
    public let shareCount: Int
    /// The base of the verification keys: a random square modulo n².
    let v: BigInteger
    /// v_i = v^(Δ·s_i) mod n² for share i (index i − 1).
    let verificationKeys: [BigInteger]
    /// Δ = l!, which makes every Lagrange coefficient at 0 an integer once multiplied by it.
    let delta: BigInteger
    /// Fingerprint of this dealing (n, t, l, v, v_i): two dealings of one n never share it.
    public let dealingID: String

    /// The name of the scheme in key files.
    static let scheme = "paillier-shoup-damgard-jurik-s1"

    /// The key's id, that of its ordinary public key (what aggregates carry).
    public var keyID: String { paillier.keyID }

    /// A key from parts the caller has validated (the dealer, or the file loader after its checks).
    init(validatedPaillier paillier: PaillierPublicKey, threshold: Int, v: BigInteger, verificationKeys: [BigInteger]) {
        self.paillier = paillier
        self.threshold = threshold
        self.shareCount = verificationKeys.count
        self.v = v
        self.verificationKeys = verificationKeys
        self.delta = Self.factorial(verificationKeys.count)
        self.dealingID = Self.fingerprint(n: paillier.n, threshold: threshold, v: v, verificationKeys: verificationKeys)
    }

    /// l! as a big integer.
    static func factorial(_ l: Int) -> BigInteger {
        (1...max(l, 1)).reduce(BigInteger(1)) { $0 * BigInteger(Int64($1)) }
    }

    /// v_i for share `index` (1-based); nil outside 1...l.
    func verificationKey(index: Int) -> BigInteger? {
        (1...shareCount).contains(index) ? verificationKeys[index - 1] : nil
    }

    /// The first 8 bytes of SHA-256 over the dealing's public values, in hex.
    static func fingerprint(n: BigInteger, threshold: Int, v: BigInteger, verificationKeys: [BigInteger]) -> String {
        var hash = SHA256()
        HashInput.append(Array("privacy-runtime threshold paillier dealing v1".utf8), to: &hash)
        HashInput.append(n, to: &hash)
        HashInput.append(UInt64(threshold), to: &hash)
        HashInput.append(UInt64(verificationKeys.count), to: &hash)
        HashInput.append(v, to: &hash)
        for key in verificationKeys { HashInput.append(key, to: &hash) }
        return hash.finalize().prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// Equal when the dealing is.
    public static func == (lhs: ThresholdPublicKey, rhs: ThresholdPublicKey) -> Bool { lhs.dealingID == rhs.dealingID && lhs.paillier == rhs.paillier }

    /// Hashes the dealing's fingerprint.
    public func hash(into hasher: inout Hasher) { hasher.combine(dealingID) }
}
