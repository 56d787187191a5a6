import PrivacyRuntime

/// A captured aggregate with its total decrypted by the test key: what the key holder would see.
public struct DecryptedAggregate: Sendable, Hashable {
    /// The policy's name.
    public var policy: String
    /// The scope key and window start.
    public var key: WindowKey
    /// Exclusive window end, epoch seconds.
    public var windowEnd: Int64
    /// How many readings were summed.
    public var readings: Int
    /// How many distinct meters contributed.
    public var meters: Int
    /// The decrypted sum, in units of the policy's resolution (e.g. mWh at `resolution: 0.001`).
    public var total: Int64

    /// Decrypts `aggregate` with `TestKeys.privateKey`.
    public init(_ aggregate: WindowAggregate) throws {
        policy = aggregate.policy
        key = WindowKey(aggregate.scopeKey, aggregate.windowStart)
        windowEnd = aggregate.windowEnd
        readings = aggregate.readings
        meters = aggregate.meters
        total = try TestKeys.decrypt(aggregate.ciphertext)
    }
}
