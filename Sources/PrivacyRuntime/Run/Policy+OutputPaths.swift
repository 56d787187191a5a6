import Foundation
import Policy

extension Policy {
    /// Where rejected readings go: `rejects:` if set, else `<name>.rejects.jsonl` next to the first file a sink
    /// writes (as its factory outlines it in `registry`), else in `./out`. Daily files are named after it (see
    /// `RejectsLog`).
    public func rejectsBasePath(registry: StageRegistry) -> String {
        if let rejectsPath { return rejectsPath.path }
        return outputDirectory(registry: registry).appendingPathComponent("\(name).rejects.jsonl").path
    }

    /// The purge log: `<name>.purge.jsonl` in the directory of the rejects files.
    public func purgeLogPath(registry: StageRegistry) -> String {
        purgeLogPath(besideRejects: rejectsBasePath(registry: registry))
    }

    /// The purge log beside the rejects files at `rejectsBasePath` (already resolved, so the sinks' factories
    /// are not asked again).
    func purgeLogPath(besideRejects rejectsBasePath: String) -> String {
        URL(fileURLWithPath: rejectsBasePath).absoluteURL.deletingLastPathComponent()
            .appendingPathComponent("\(name).purge.jsonl").path
    }

    private func outputDirectory(registry: StageRegistry) -> URL {
        if let file = sinks.lazy.compactMap({ registry.outline($0).file }).first {
            return file.standardizedFileURL.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "out", isDirectory: true).absoluteURL.standardizedFileURL
    }
}
