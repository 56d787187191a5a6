import Foundation
import Policy

extension Policy {
    /// Where rejected readings go: `rejects:` if set, else `<name>.rejects.jsonl` next to the first sink that has a
    /// `path`, else in `./out`. Daily files are named after it (see `RejectsLog`).
    public var rejectsBasePath: String {
        if let rejectsPath { return rejectsPath.path }
        return outputDirectory.appendingPathComponent("\(name).rejects.jsonl").path
    }

    /// The purge log: `<name>.purge.jsonl` in the directory of the rejects files.
    public var purgeLogPath: String {
        URL(fileURLWithPath: rejectsBasePath).absoluteURL.deletingLastPathComponent().appendingPathComponent("\(name).purge.jsonl").path
    }

    private var outputDirectory: URL {
        for sink in sinks {
            if let entry = sink.options.first(where: { $0.key == "path" }), let path = entry.value.scalar?.value {
                let file = path.hasPrefix("/") ? URL(fileURLWithPath: path) : sink.baseDirectory.appendingPathComponent(path)
                return file.standardizedFileURL.deletingLastPathComponent()
            }
        }
        return URL(fileURLWithPath: "out", isDirectory: true).absoluteURL.standardizedFileURL
    }
}
