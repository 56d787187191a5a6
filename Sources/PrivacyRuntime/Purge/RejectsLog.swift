import Foundation

/// Rejected readings as JSON Lines, one file per UTC day, so retention can delete whole expired days.
///
/// For a configured path `out/billing.rejects.jsonl` the files are `out/billing.rejects.2024-03-01.jsonl`, …
/// Each line: `{"policy":…,"source":…,"line":…,"meter":…,"timestamp":…,"reason":…,"detail":…,"hmac":…,"at":…}`.
/// No value is ever written: every reject carries the HMAC-SHA-256 of its line under the runtime key (`hmac`,
/// absent without a runtime key); a parsed reading keeps its meter and timestamp; a line that could not be
/// parsed keeps `masked`, its text with every digit replaced by `#`, and its detail is masked the same way.
/// Files are created 0600 and only when there is something to write.
final class RejectsLog {
    /// The configured path; the daily files are named after it.
    let basePath: String
    private var file: AppendFile?
    private var fileDay = ""

    /// Creates a log writing next to `basePath`.
    init(basePath: String) {
        self.basePath = basePath
    }

    /// The file for the UTC day of `epochSeconds`.
    func path(forDayOf epochSeconds: Int64) -> String {
        Self.path(basePath: basePath, day: String(RFC3339.format(epochSeconds).prefix(10)))
    }

    /// Appends one rejected reading, stamped `now` (epoch seconds), with `mac`, the HMAC of its line, if any.
    func write(_ rejected: RejectedReading, policy: String, mac: String?, now: Int64) throws {
        var fields = [
            ("policy", JSONText.quote(policy)), ("source", JSONText.quote(rejected.position.source)),
            ("line", String(rejected.position.line)),
        ]
        if let meterID = rejected.meterID {
            fields.append(("meter", JSONText.quote(meterID)))
        }
        if let timestamp = rejected.timestamp {
            fields.append(("timestamp", JSONText.quote(RFC3339.format(timestamp))))
        }
        if !rejected.isParsed {
            fields.append(("masked", JSONText.quote(RejectedReading.maskingDigits(rejected.rawText))))
        }
        fields += [
            ("reason", JSONText.quote(rejected.reason.rawValue)),
            ("detail", JSONText.quote(rejected.isParsed ? rejected.detail : RejectedReading.maskingDigits(rejected.detail))),
        ]
        if let mac {
            fields.append(("hmac", JSONText.quote(mac)))
        }
        fields.append(("at", JSONText.quote(RFC3339.format(now))))
        let line = JSONText.object(fields)
        let day = String(RFC3339.format(now).prefix(10))
        if file == nil || day != fileDay {
            file?.close()
            file = try AppendFile(path: Self.path(basePath: basePath, day: day))
            fileDay = day
        }
        try file!.append(line)
    }

    /// Closes the current file.
    func close() {
        file?.close()
        file = nil
    }

    /// Deletes the daily files whose whole day ended at or before `cutoff` (epoch seconds); returns their paths.
    func deleteFiles(endingAtOrBefore cutoff: Int64) throws -> [String] {
        let url = URL(fileURLWithPath: basePath)
        let directory = url.deletingLastPathComponent()
        let (stem, ext) = Self.split(url.lastPathComponent)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        var deleted: [String] = []
        for name in names.sorted() where name.hasPrefix(stem + ".") && name.hasSuffix(ext) {
            let day = name.dropFirst(stem.count + 1).dropLast(ext.count)
            guard day.count == 10, let start = RFC3339.parse(day + "T00:00:00Z"), start + 86_400 <= cutoff else { continue }
            let path = directory.appendingPathComponent(name).path
            do {
                try FileManager.default.removeItem(atPath: path)
            } catch {
                throw RuntimeError.fileAccess("cannot delete expired rejects file '\(path)': \(error.localizedDescription)")
            }
            deleted.append(path)
        }
        return deleted
    }

    private static func path(basePath: String, day: String) -> String {
        let url = URL(fileURLWithPath: basePath)
        let (stem, ext) = split(url.lastPathComponent)
        return url.deletingLastPathComponent().appendingPathComponent("\(stem).\(day)\(ext)").path
    }

    /// `billing.rejects.jsonl` → (`billing.rejects`, `.jsonl`); a name without a dot has an empty extension.
    private static func split(_ name: String) -> (String, String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        return (String(name[..<dot]), String(name[dot...]))
    }
}
