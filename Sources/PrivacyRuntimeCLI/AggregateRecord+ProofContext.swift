import PrivacyRuntime

extension AggregateRecord {
    /// What a partial decryption's proof is bound to besides the ciphertext: the aggregate's identity
    /// (policy, scope, scope key, window) and the counts and unit `combine` prints, each length-prefixed
    /// or fixed width, so a partial cannot be replayed for another aggregate or relabelled.
    var proofContext: [UInt8] {
        var bytes: [UInt8] = []
        func append(_ value: Int64) {
            bytes += (0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: value) >> (56 - 8 * UInt64($0))) }
        }
        func append(_ text: String) {
            append(Int64(text.utf8.count))
            bytes += Array(text.utf8)
        }
        append("privacy-runtime aggregate identity v1")
        append(policy)
        append(scope)
        append(scopeKey)
        append(windowStart)
        append(windowEnd)
        append(Int64(readings))
        append(Int64(meters))
        append(Int64(decimalPlaces))
        append(Int64(exponent))
        return bytes
    }

    /// "policy scope 'key' start–end", for messages.
    var identityDescription: String {
        "\(policy) \(scope) '\(scopeKey)' \(RFC3339.format(windowStart))–\(RFC3339.format(windowEnd))"
    }
}
