/// Reads stored aggregates back, for the key holder's `decrypt --input KIND:PATH`.
public protocol AggregateReader: Sendable {
    /// Calls `body` with every stored aggregate, in a stable order (policy, scope key, window start).
    func forEach(_ body: (AggregateRecord) throws -> Void) throws
}
