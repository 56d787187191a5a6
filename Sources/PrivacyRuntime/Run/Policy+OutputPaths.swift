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

    /// The release state file of this policy and `shard`: in `stateDirectory` (the run's `--state-dir`), else in
    /// the policy's `release.state_dir`, else beside the rejects files and the purge log.
    public func releaseStatePath(registry: StageRegistry, shard: ShardAssignment?, stateDirectory: String? = nil) -> String {
        releaseStatePath(besideRejects: rejectsBasePath(registry: registry), shard: shard, stateDirectory: stateDirectory)
    }

    /// The release state file, given the resolved rejects path.
    func releaseStatePath(besideRejects rejectsBasePath: String, shard: ShardAssignment?, stateDirectory: String?) -> String {
        let directory = stateDirectory.map { URL(fileURLWithPath: $0).absoluteURL } ?? release.stateDirectory
            ?? URL(fileURLWithPath: rejectsBasePath).absoluteURL.deletingLastPathComponent()
        return directory.appendingPathComponent(ReleaseStateFile.fileName(policy: name, shard: shard)).standardizedFileURL.path
    }

    private func outputDirectory(registry: StageRegistry) -> URL {
        if let file = sinks.lazy.compactMap({ registry.outline($0).file }).first {
            return file.standardizedFileURL.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "out", isDirectory: true).absoluteURL.standardizedFileURL
    }
}
