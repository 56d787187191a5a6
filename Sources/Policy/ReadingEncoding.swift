/// Which readings a policy accepts (`readings.encoding`): values in plain decimal, values a meter encrypted under
/// the policy's public key, or both.
public enum ReadingEncoding: String, Sendable, CaseIterable, Hashable {
    /// Plain decimal values only (the default); an encrypted reading is rejected as `wrong_encoding`.
    case plain
    /// Values encrypted at the meter only (python-paillier's `{"v", "e": 0}` and the key id); a plain value is
    /// rejected as `wrong_encoding`.
    case encrypted
    /// Either kind, in the same windows.
    case either

    /// Whether a reading encrypted at the meter is accepted.
    public var acceptsEncrypted: Bool { self != .plain }
    /// Whether a plain reading is accepted.
    public var acceptsPlain: Bool { self != .encrypted }

    /// What `check` says of the policy's readings: nothing for plain; for encrypted readings, the limits they bring.
    public var limits: String? {
        guard acceptsEncrypted else { return nil }
        let kind = self == .encrypted ? "every reading arrives" : "readings may arrive"
        return "Readings (readings.encoding: \(rawValue)): \(kind) encrypted at the meter under this key; the runtime checks the "
            + "ciphertext (key id, 0 < c < n², coprime to n, exponent 0), multiplies it in and never sees its value. It "
            + "cannot check the range of a value it cannot see (a range proof would): readings.min and readings.max are "
            + "not enforced for encrypted readings, so a meter (or whoever publishes in its name) can add any amount to a "
            + "total, no contribution bound holds for them, and a window with an encrypted reading is never withheld as "
            + "'every reading at a bound'"
    }
}
