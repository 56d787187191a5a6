/// A reading's value as its meter encrypted it under the utility's public key: python-paillier's encrypted number
/// `{"v": "<decimal ciphertext>", "e": 0}` plus the key's id, `{"v": "…", "e": 0, "key_id": "…"}`, in place of the
/// value. Only its form is checked here; admission checks it against the policy's key (`CiphertextCheck`).
public struct MeterCiphertext: Sendable, Hashable {
    /// The ciphertext c in decimal, as carried: digits only, no leading zero (so it signs and compares as carried).
    public let decimal: String
    /// python-paillier's exponent `e` as carried; admission accepts only 0 (a value in integer units of the policy's
    /// resolution).
    public let exponent: Int64
    /// The id (fingerprint) of the public key the meter encrypted under, `PaillierPublicKey.keyID`.
    public let keyID: String

    /// The longest ciphertext accepted: n² of the largest accepted key (8192 bits) has 4,933 digits.
    public static let maxDigits = 4933

    /// A ciphertext from its parts, as a test or an encoder makes one (no check of its form).
    public init(decimal: String, exponent: Int64 = 0, keyID: String) {
        self.decimal = decimal
        self.exponent = exponent
        self.keyID = keyID
    }

    /// Reads the members of the value's JSON object; throws a sentence (never the ciphertext's digits) when `v` is
    /// not a decimal string without leading zeros, `e` not a whole number, `key_id` missing, or a member unknown.
    public init(members: FlatJSONObject.Members) throws(Problem) {
        guard case .string(let decimal)? = members["v"] else {
            throw Problem("an encrypted value needs 'v', the ciphertext as a string of decimal digits")
        }
        guard Self.isDecimalWithoutLeadingZeros(decimal) else {
            throw Problem("'v' must be the ciphertext as decimal digits without leading zeros")
        }
        guard decimal.utf8.count <= Self.maxDigits else {
            throw Problem("'v' has \(decimal.utf8.count) digits, more than any accepted key's ciphertext (\(Self.maxDigits))")
        }
        guard case .number(let exponentText)? = members["e"], let exponent = Int64(exponentText) else {
            throw Problem("an encrypted value needs 'e', python-paillier's exponent as a whole number (0 for integer units)")
        }
        guard case .string(let keyID)? = members["key_id"], !keyID.isEmpty else {
            throw Problem("an encrypted value needs 'key_id', the id of the public key it was encrypted under")
        }
        // v, e and key_id are there: any other name is unknown, and the least of them is named.
        if let unknown = members.pairs.lazy.map(\.name).filter({ $0 != "v" && $0 != "e" && $0 != "key_id" }).min() {
            throw Problem("unknown member '\(RejectedReading.maskingDigits(unknown))' in an encrypted value (expected v, e, key_id)")
        }
        self.init(decimal: decimal, exponent: exponent, keyID: keyID)
    }

    /// True when `text` is one or more ASCII digits and starts with 0 only when it is "0": one pass over the
    /// contiguous bytes of a ciphertext's thousands of digits, without a String view's per-byte indexing.
    private static func isDecimalWithoutLeadingZeros(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.first, first != UInt8(ascii: "0") || bytes.count == 1 else { return false }
            var outside: UInt8 = 0
            for byte in bytes { outside |= (byte &- UInt8(ascii: "0")) > 9 ? 1 : 0 }
            return outside == 0
        }
    }

    /// The value's JSON object, as `init(members:)` reads it: `{"v":"…","e":0,"key_id":"…"}`.
    public var json: String {
        #"{"v":"\#(decimal)","e":\#(exponent),"key_id":\#(JSONText.quote(keyID))}"#
    }

    /// Why a value object is not an encrypted number.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// The sentence for the rejects file.
        public let description: String

        init(_ description: String) { self.description = description }
    }
}
