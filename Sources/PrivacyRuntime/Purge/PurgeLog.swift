import Foundation

/// The append-only purge log (JSON Lines), so an auditor can see what granular data was destroyed and when.
public final class PurgeLog: @unchecked Sendable {
    private let file: AppendFile
    private let lock = NSLock()

    /// Opens (creating) the log at `path`.
    public init(path: String) throws {
        file = try AppendFile(path: path)
    }

    /// The log's path.
    public var path: String { file.path }

    /// Appends `entry`; a failure to write is fatal for the run (the audit trail must not have gaps).
    public func record(_ entry: PurgeEntry) throws {
        try lock.withLock { try file.append(entry.jsonLine) }
    }

    /// Closes the file.
    public func close() {
        lock.withLock { file.close() }
    }
}
