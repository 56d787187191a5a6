import Foundation
import PrivacyRuntime

/// The `sqlite` sink, the embedded default: aggregates inserted into an SQLite file's `aggregates` table once
/// per (policy, scope key, window start): a second write of a window keeps the first row (ON CONFLICT DO NOTHING);
/// one transaction per batch; supports retention deletes.
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

    /// Inserts the batch in one transaction; windows stored already are left as they are.
    public func write(_ batch: [WindowAggregate]) async throws {
        try await store.insert(batch.map(\.record), writtenAt: Int64(Date().timeIntervalSince1970))
    }

    /// Deletes this policy's aggregates whose window ended at or before `cutoff`.
    public func deleteAggregates(olderThan cutoff: Int64) async throws -> Int {
        try await store.deleteAggregates(policy: policy, endingAtOrBefore: cutoff)
    }

    /// Nothing to flush: every batch is committed when written.
    public func close() async throws {}
}
