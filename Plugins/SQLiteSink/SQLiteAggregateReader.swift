import PrivacyRuntime

/// Reads aggregates from an `sqlite` sink's file, for `decrypt --input sqlite:PATH`.
public struct SQLiteAggregateReader: AggregateReader {
    private let store: SQLiteAggregateStore

    /// Opens `path` read-only; fails with a readable message if it cannot be opened.
    public init(path: String) throws {
        store = try SQLiteAggregateStore(readingAt: path)
    }

    /// Every aggregate, ordered by policy, scope key and window start.
    public func forEach(_ body: (AggregateRecord) throws -> Void) throws {
        try store.forEach(body)
    }
}
