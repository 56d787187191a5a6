import Foundation

/// A Paillier ciphertext: an element of Z*_{n²} and the id of the key it belongs to (one read with
/// `PaillierPublicKey.ciphertexts(decimals:checkingCoprimality: false)` is in [1, n²) but may share a factor with n
/// until checked: `coprimalityChecked`).
public struct PaillierCiphertext: Sendable, Hashable {
    /// The ciphertext value c in [1, n²).
    public let value: BigInteger
    /// The `keyID` of the public key it was made under.
    public let keyID: String
    /// c in base n, when the encryptor made c (for `CiphertextAccumulator`); not part of the value.
    let digits: BaseNDigits?
    /// False only for a ciphertext read without its coprimality with n checked, which whoever folds it must check
    /// (`CiphertextAccumulator.addCheckingUnits`, `PaillierPublicKey.nonUnits(among:)`); not part of the value.
    public let coprimalityChecked: Bool

    /// Wraps a value this module computed under a known key (no validation), with its base-n digits if known; a value
    /// read from elsewhere says whether its coprimality with n was checked.
    init(unchecked value: BigInteger, keyID: String, digits: BaseNDigits? = nil, coprimalityChecked: Bool = true) {
        self.value = value
        self.keyID = keyID
        self.digits = digits
        self.coprimalityChecked = coprimalityChecked
    }

    /// Equal when value and key are (the digits are a cache of the value).
    public static func == (lhs: PaillierCiphertext, rhs: PaillierCiphertext) -> Bool {
        lhs.value == rhs.value && lhs.keyID == rhs.keyID
    }

    /// Hashes value and key.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
        hasher.combine(keyID)
    }

    /// Parses a decimal ciphertext and checks it belongs to `publicKey`: in [1, n²), coprime with n.
    public init(decimal: String, publicKey: PaillierPublicKey) throws {
        guard let value = BigInteger(decimal: decimal) else {
            throw PaillierError(.invalidCiphertext, "malformed ciphertext: expected a decimal integer, got '\(Self.excerpt(decimal))'")
        }
        try publicKey.validateCiphertext(value)
        self.init(unchecked: value, keyID: publicKey.keyID)
    }

    /// Parses python-paillier's ciphertext JSON `{"v":"<decimal>","e":0}` and validates it as
    /// `init(decimal:publicKey:)` does. Only integer ciphertexts (exponent 0) are accepted.
    public init(pheJSON: String, publicKey: PaillierPublicKey) throws {
        let wire: PheCiphertextJSON
        do {
            wire = try JSONDecoder().decode(PheCiphertextJSON.self, from: Data(pheJSON.utf8))
        } catch {
            throw PaillierError(
                .invalidCiphertext,
                "malformed ciphertext JSON: expected {\"v\": \"<decimal>\", \"e\": 0}, got '\(Self.excerpt(pheJSON))'")
        }
        if let exponent = wire.e, exponent != 0 {
            throw PaillierError(
                .invalidCiphertext,
                "unsupported ciphertext exponent e=\(exponent): only integer ciphertexts (e=0) are accepted")
        }
        try self.init(decimal: wire.v, publicKey: publicKey)
    }

    /// python-paillier's serialisation: `{"v":"<decimal>","e":0}`.
    public func pheJSON() -> String {
        "{\"v\":\"\(value)\",\"e\":0}"
    }

    /// The first characters of `text`, for error messages that must stay one readable line.
    private static func excerpt(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}

/// The wire form of python-paillier's ciphertext JSON.
private struct PheCiphertextJSON: Decodable {
    /// The ciphertext in decimal.
    let v: String
    /// The fixed-point exponent; integers use 0.
    let e: Int?
}
