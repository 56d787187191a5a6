import Foundation
import PrivacyRuntime

/// The `daily-csv` sink: one CSV file per UTC day, `YYYY-MM-DD.csv` in its directory, holding the windows that
/// start on that day, with the columns `policy,scope,key,window_start,window_end,readings,meters,key_id,ciphertext`.
///
/// Idempotent by (policy, key, window start): when it first opens a day file that already exists it reads the
/// rows there and skips windows it finds again, so replaying an input does not add rows. Files are 0600.
/// Give each policy its own directory (two sinks appending to one file do not see each other's rows).
/// Retention-capable: `retention.aggregates` deletes the policy's old rows (and day files left empty).
public actor DailyCSVSink: RetentionCapableSink {
    /// The header line's column names, in order.
    public static let columns = ["policy", "scope", "key", "window_start", "window_end", "readings", "meters", "key_id", "ciphertext"]

    private let directory: URL
    private let header: Bool
    private let policy: String
    private var files: [String: DailyCSVFile] = [:]

    /// A sink for `policy` writing into `directory` (created 0700 if missing); `header` writes the column names
    /// first in new files.
    public init(directory: URL, header: Bool = true, policy: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        self.directory = directory
        self.header = header
        self.policy = policy
    }

    /// The file name of the UTC day `epochSeconds` falls on, e.g. `2026-11-02.csv`.
    public static func fileName(containing epochSeconds: Int64) -> String {
        let dayStart = epochSeconds - ((epochSeconds % 86_400) + 86_400) % 86_400
        return "\(RFC3339.format(dayStart).prefix(10)).csv"
    }

    /// Appends every aggregate not already in its day's file, one write per touched file.
    public func write(_ batch: [WindowAggregate]) async throws {
        var rowsByFile: [String: [DailyCSVRow]] = [:]
        for aggregate in batch {
            rowsByFile[Self.fileName(containing: aggregate.windowStart), default: []].append(DailyCSVRow(aggregate))
        }
        for (name, rows) in rowsByFile.sorted(by: { $0.key < $1.key }) {
            let file = try files[name] ?? DailyCSVFile(url: directory.appendingPathComponent(name), header: header)
            files[name] = file
            try file.append(rows)
        }
    }

    /// Deletes this policy's rows whose window ended at or before `cutoff` from every day file; returns how many.
    public func deleteAggregates(olderThan cutoff: Int64) async throws -> Int {
        var deleted = 0
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        for name in names.sorted() where name.count == 14 && name.hasSuffix(".csv") {
            files.removeValue(forKey: name)?.close()  // reopened (and its rows re-read) on the next write
            deleted += try DailyCSVFile.deleteRows(in: directory.appendingPathComponent(name), policy: policy,
                                                   endingAtOrBefore: cutoff)
        }
        return deleted
    }

    /// Closes every open file.
    public func close() async throws {
        for file in files.values { file.close() }
        files = [:]
    }
}
