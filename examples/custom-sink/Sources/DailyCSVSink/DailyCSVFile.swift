import Foundation
import PrivacyRuntime

/// One open day file: appends rows, remembering the identities of the rows it holds so none is written twice.
final class DailyCSVFile {
    private let url: URL
    private let descriptor: Int32
    private var identities: Set<String> = []

    /// Opens (creating 0600, with the header line if `header`) the file at `url`, reading the rows already there.
    init(url: URL, header: Bool) throws {
        self.url = url
        var existing: String?
        if FileManager.default.fileExists(atPath: url.path) {
            do {
                existing = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw DailyCSVError("cannot read \(url.path) (to skip windows it already holds): \(error.localizedDescription)")
            }
        }
        descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw DailyCSVError("cannot open \(url.path): \(String(cString: strerror(errno)))")
        }
        if let existing {
            for line in existing.split(separator: "\n") {
                identities.insert(DailyCSVRow.identity(DailyCSVRow.split(line)))
            }
        } else if header {
            try write(DailyCSVSink.columns.joined(separator: ",") + "\n")
        }
    }

    /// Appends the rows not yet in the file.
    func append(_ rows: [DailyCSVRow]) throws {
        var text = ""
        for row in rows where identities.insert(row.identity).inserted {
            text += row.line + "\n"
        }
        if !text.isEmpty { try write(text) }
    }

    /// Removes `policy`'s rows whose `window_end` is at or before `cutoff` from the file at `url` (deleting the file
    /// when no row is left); returns how many rows were removed.
    static func deleteRows(in url: URL, policy: String, endingAtOrBefore cutoff: Int64) throws -> Int {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DailyCSVError("cannot read \(url.path) (to delete old windows): \(error.localizedDescription)")
        }
        let header = DailyCSVSink.columns.joined(separator: ",")
        var kept: [Substring] = []
        var deleted = 0
        for line in text.split(separator: "\n") {
            let fields = DailyCSVRow.split(line)
            if line != header, fields.count == DailyCSVSink.columns.count, fields[0] == policy,
               let end = RFC3339.parse(fields[4]), end <= cutoff {
                deleted += 1
            } else {
                kept.append(line)
            }
        }
        guard deleted > 0 else { return 0 }
        do {
            if kept.allSatisfy({ $0 == header }) {
                try FileManager.default.removeItem(at: url)
            } else {
                try Data(kept.map { $0 + "\n" }.joined().utf8).write(to: url, options: .atomic)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
            }
        } catch {
            throw DailyCSVError("cannot rewrite \(url.path) (to delete old windows): \(error.localizedDescription)")
        }
        return deleted
    }

    /// Closes the file.
    func close() {
        Foundation.close(descriptor)
    }

    private func write(_ text: String) throws {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw DailyCSVError("cannot write \(url.path): \(String(cString: strerror(errno)))")
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
