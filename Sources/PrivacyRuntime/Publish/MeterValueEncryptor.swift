import Foundation
import Paillier
import Policy

/// What a meter that encrypts its readings does before publishing one: the value in Wh becomes integer units of the
/// policy's resolution (`readings.resolution`, e.g. 0.001 Wh), encrypted under the utility's public key as
/// python-paillier's encrypted number with exponent 0, plus the key's id. Used by `publish --encrypt-with`.
public struct MeterValueEncryptor: Sendable {
    /// Why a value cannot be encrypted; the line is skipped.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// The sentence for the warning.
        public let description: String
    }

    private let encryptor: PaillierEncryptor
    /// Fraction digits of one unit in Wh (3 for a resolution of 0.001).
    public let decimalPlaces: Int

    /// An encoder under `publicKey` for units of 10^-`decimalPlaces` Wh. It obfuscates with DJN (a fixed-base table
    /// made here; a ciphertext like any other to the runtime), since it plays a whole fleet on one machine; a meter
    /// would precompute r^n mod n² while idle instead (README).
    public init(publicKey: PaillierPublicKey, decimalPlaces: Int) throws {
        encryptor = try PaillierEncryptor(publicKey: publicKey, obfuscation: .djn)
        self.decimalPlaces = decimalPlaces
    }

    /// An encoder under the public key in the JWK file at `url` (a private key file is refused by the loader).
    public init(publicKeyFile url: URL, decimalPlaces: Int) throws {
        try self.init(publicKey: try PaillierPublicKey.load(contentsOf: url), decimalPlaces: decimalPlaces)
    }

    /// The key's id, which every ciphertext carries.
    public var keyID: String { encryptor.publicKey.keyID }

    /// The encrypted value of `energy` (Wh as written), or why there is none: not a decimal, or finer than the
    /// resolution, or too large for 64-bit units.
    public func encrypt(_ energy: String) throws(Problem) -> MeterCiphertext {
        guard let value = ExactDecimal(energy) else {
            throw Problem(description: "energy_wh is not a decimal number; not encrypted")
        }
        guard let units = value.units(decimalPlaces: decimalPlaces) else {
            throw Problem(description: value.scale > decimalPlaces
                ? "energy_wh has more fraction digits than --resolution allows; not encrypted"
                : "energy_wh does not fit 64-bit units of --resolution; not encrypted")
        }
        let ciphertext = encryptor.encrypt(units)
        return MeterCiphertext(decimal: "\(ciphertext.value)", exponent: 0, keyID: ciphertext.keyID)
    }
}
