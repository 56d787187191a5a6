/// Names one aggregate of a run: the scope key (meter or region) and the window's start, in epoch seconds.
/// Tests build expected totals keyed by it and compare them with `HarnessRun.decryptedTotals()`.
public struct WindowKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The meter id (household scope) or region (region scope).
    public var scopeKey: String
    /// Inclusive window start, epoch seconds.
    public var windowStart: Int64

    /// Creates a key.
    public init(_ scopeKey: String, _ windowStart: Int64) {
        self.scopeKey = scopeKey
        self.windowStart = windowStart
    }

    /// Orders by scope key, then window start.
    public static func < (lhs: WindowKey, rhs: WindowKey) -> Bool {
        (lhs.scopeKey, lhs.windowStart) < (rhs.scopeKey, rhs.windowStart)
    }

    /// `north@1704067200`.
    public var description: String { "\(scopeKey)@\(windowStart)" }
}
