import PrivacyRuntime

extension AggregateRecord {
    /// What a partial decryption's proof is bound to besides the ciphertext: the aggregate's identity
    /// (policy, scope, scope key, window) and the counts and unit `combine` prints, each length-prefixed
    /// or fixed width, so a partial cannot be replayed for another aggregate or relabelled.
    var proofContext: [UInt8] {
        var encoding = CanonicalBytes()
        for text in ["privacy-runtime aggregate identity v1", policy, scope, scopeKey] { encoding.append(text) }
        for value in [windowStart, windowEnd, Int64(readings), Int64(meters), Int64(decimalPlaces), Int64(exponent)] {
            encoding.append(value)
        }
        return encoding.bytes
    }

    /// "policy scope 'key' start–end", for messages.
    var identityDescription: String {
        "\(policy) \(scope) '\(scopeKey)' \(RFC3339.format(windowStart))–\(RFC3339.format(windowEnd))"
    }
}
