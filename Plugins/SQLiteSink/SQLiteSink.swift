import Foundation
import PrivacyRuntime

/// The `sqlite` sink, the embedded default: aggregates upserted into an SQLite file's `aggregates` table
/// (idempotent by policy, scope key and window start), one transaction per batch; supports retention deletes.
public final class SQLiteSink: RetentionCapableSink {
    private let store: SQLiteAggregateStore
    private let policy: String

    /// Opens (creating and migrating) the database at `path` for `policy`'s aggregates.
    public init(path: String, policy: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            let reason = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error).map { ($0 as NSError).localizedDescription }
            throw SQLiteSinkError.unavailable("cannot create folder \(folder.path) for SQLite database '\(path)': \(reason ?? "\(error)")")
        }
        store = try SQLiteAggregateStore(path: path)
        self.policy = policy
    }

    /// Upserts the batch in one transaction.
    public func write(_ batch: [WindowAggregate]) async throws {
        try await store.upsert(batch.map(\.record), writtenAt: Int64(Date().timeIntervalSince1970))
    }

    /// Deletes this policy's aggregates whose window ended at or before `cutoff`.
    public func deleteAggregates(olderThan cutoff: Int64) async throws -> Int {
        try await store.deleteAggregates(policy: policy, endingAtOrBefore: cutoff)
    }

    /// Nothing to flush: every batch is committed when written.
    public func close() async throws {}
}
