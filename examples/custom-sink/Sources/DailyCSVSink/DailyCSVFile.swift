import Foundation

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
