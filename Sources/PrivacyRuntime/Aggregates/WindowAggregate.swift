import Paillier
import Policy
import RuntimeKeys

/// A sealed window: the homomorphic sum of a scope key's readings in one window, with counts. The only thing
/// a sink can receive, so no reading can reach a sink by construction.
public struct WindowAggregate: Sendable {
    /// The policy's name.
    public let policy: String
    /// Household or region.
    public let scope: Scope
    /// The meter id or region.
    public let scopeKey: String
    /// Inclusive window start, epoch seconds.
    public let windowStart: Int64
    /// Exclusive window end, epoch seconds.
    public let windowEnd: Int64
    /// How many readings were summed.
    public let readings: Int
    /// How many distinct meters contributed.
    public let meters: Int
    /// E(sum of the readings) under the policy's public key.
    public let ciphertext: PaillierCiphertext
    /// The plaintext's unit: the sum counts 10^-decimalPlaces Wh (the policy's resolution).
    public let decimalPlaces: Int
    /// The window was open when the runtime stopped, and some of its readings may be lost (`release: incomplete:
    /// mark`): its total is a lower bound, not the window's total.
    public let incomplete: Bool
    /// The runtime key's signature of the stored form (`AggregateRecord.signedBytes`), base64url; nil when the
    /// policy names no runtime key.
    public let signature: String?
    /// A window total, or a billing period's register or bill.
    public let kind: AggregateKind

    /// Creates a sealed aggregate.
    public init(policy: String, scope: Scope, scopeKey: String, windowStart: Int64, windowEnd: Int64,
                readings: Int, meters: Int, ciphertext: PaillierCiphertext, decimalPlaces: Int, incomplete: Bool = false,
                signature: String? = nil, kind: AggregateKind = .total) {
        self.kind = kind
        self.policy = policy
        self.scope = scope
        self.scopeKey = scopeKey
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.readings = readings
        self.meters = meters
        self.ciphertext = ciphertext
        self.decimalPlaces = decimalPlaces
        self.incomplete = incomplete
        self.signature = signature
    }

    /// The public key's id the ciphertext is under.
    public var keyID: String { ciphertext.keyID }

    /// The stored form, for sinks that write rows or lines.
    public var record: AggregateRecord {
        AggregateRecord(
            policy: policy, scope: scope.rawValue, scopeKey: scopeKey, windowStart: windowStart, windowEnd: windowEnd,
            readings: readings, meters: meters, keyID: keyID, ciphertext: ciphertext.value.description,
            decimalPlaces: decimalPlaces, exponent: 0, incomplete: incomplete, signature: signature, kind: kind.description)
    }

    /// The same aggregate signed with `key`'s Ed25519 half over its stored form (what every sink writes).
    public func signed(by key: RuntimeKey) throws -> WindowAggregate {
        WindowAggregate(
            policy: policy, scope: scope, scopeKey: scopeKey, windowStart: windowStart, windowEnd: windowEnd,
            readings: readings, meters: meters, ciphertext: ciphertext, decimalPlaces: decimalPlaces,
            incomplete: incomplete, signature: try record.makeSignature(with: key), kind: kind)
    }
}
