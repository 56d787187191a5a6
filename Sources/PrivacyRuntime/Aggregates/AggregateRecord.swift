/// A sealed window aggregate in its stored form (what sinks write and `AggregateReader`s read back):
/// the ciphertext as python-paillier's decimal `v` and exponent `e`, times as epoch seconds.
public struct AggregateRecord: Sendable, Hashable {
    /// The policy's name.
    public var policy: String
    /// `household` or `region`.
    public var scope: String
    /// The meter id or region the window covers.
    public var scopeKey: String
    /// Inclusive window start, epoch seconds.
    public var windowStart: Int64
    /// Exclusive window end, epoch seconds.
    public var windowEnd: Int64
    /// How many readings were summed.
    public var readings: Int
    /// How many distinct meters contributed.
    public var meters: Int
    /// The public key's id (JWK `kid`) the ciphertext is under.
    public var keyID: String
    /// The ciphertext's value, decimal.
    public var ciphertext: String
    /// The plaintext's unit: the decrypted integer counts 10^-decimalPlaces Wh (the policy's resolution).
    public var decimalPlaces: Int
    /// python-paillier's exponent; 0 for integer sums.
    public var exponent: Int
    /// Some of the window's readings may be lost (released after a restart with `release: incomplete: mark`).
    public var incomplete: Bool
    /// The runtime key's Ed25519 signature of `signedBytes`, base64url; nil when the policy names no runtime key
    /// (or the row was stored before aggregates were signed).
    public var signature: String?
    /// "" for a window total; "register:BAND" or "bill:CURRENCY" for a billing period's rows (`AggregateKind`).
    public var kind: String

    /// Creates a record.
    public init(
        policy: String, scope: String, scopeKey: String, windowStart: Int64, windowEnd: Int64,
        readings: Int, meters: Int, keyID: String, ciphertext: String, decimalPlaces: Int, exponent: Int = 0,
        incomplete: Bool = false, signature: String? = nil, kind: String = ""
    ) {
        self.kind = kind
        self.policy = policy
        self.scope = scope
        self.scopeKey = scopeKey
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.readings = readings
        self.meters = meters
        self.keyID = keyID
        self.ciphertext = ciphertext
        self.decimalPlaces = decimalPlaces
        self.exponent = exponent
        self.incomplete = incomplete
        self.signature = signature
    }
}
