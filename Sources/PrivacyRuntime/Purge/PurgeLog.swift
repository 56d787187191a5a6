import Foundation

/// The append-only purge log (JSON Lines), so an auditor can see what granular data was destroyed and when.
final class PurgeLog {
    private let file: AppendFile

    /// Opens (creating) the log at `path`.
    init(path: String) throws {
        file = try AppendFile(path: path)
    }

    /// The log's path.
    var path: String { file.path }

    /// Appends `entry`; a failure to write is fatal for the run (the audit trail must not have gaps).
    func record(_ entry: PurgeEntry) throws {
        try file.append(entry.jsonLine)
    }

    /// Closes the file.
    func close() {
        file.close()
    }
}
