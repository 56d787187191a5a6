import PrivacyRuntime

extension AggregateRecord {
    /// Throws unless the stored python-paillier exponent is 0, the only one the runtime writes (integer sums in
    /// the policy's units): a total under another exponent would be printed scaled wrongly, so it is refused.
    func requireSupportedExponent() throws {
        guard exponent == 0 else {
            throw CLIError("the aggregate of \(identityDescription) has ciphertext exponent \(exponent); only exponent 0 (integer sums in the policy's units, as the runtime writes them) can be decrypted; was it written by another tool?")
        }
    }
}
