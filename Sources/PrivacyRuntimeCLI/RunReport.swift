import Foundation
import Policy
import PrivacyRuntime

/// What the run command prints when a run ends: the counts per policy, where each policy's aggregates,
/// rejects, purge log and release state went, and the command the key holder runs to decrypt them. A few lines per policy,
/// so a first run fits on one screen.
struct RunReport {
    /// The run's counts.
    let summary: RunSummary
    /// The policies run, in the order of `summary.policies`.
    let policies: [Policy]
    /// The build's stages: they outline where they write, and which inputs `decrypt` can read back.
    let registry: StageRegistry
    /// The run's shard (`--shard`), which names the release state files.
    var shard: ShardAssignment?
    /// The run's `--state-dir`, if given.
    var stateDirectory: String?
    /// How the user invoked the binary: `swift run privacy-runtime` from a build folder, else `privacy-runtime`.
    var invocation = RunReport.invocation(executable: Bundle.main.executablePath ?? CommandLine.arguments.first ?? "privacy-runtime")
    /// The folder paths are shown relative to.
    var currentDirectory = FileManager.default.currentDirectoryPath

    /// The report's lines.
    var lines: [String] {
        var lines = [summary.description.split(separator: "\n").first.map(String.init) ?? ""]
        var decryptInputs: [(policy: Policy, input: String)] = []
        for (policy, counts) in zip(policies, summary.policies) {
            lines.append(counts.line)
            for sink in policy.sinks {
                let (description, input) = describe(sink)
                lines.append("  aggregates -> \(description)")
                if let input { decryptInputs.append((policy, input)) }
            }
            lines.append("  rejects -> \(shown(dailyPattern(policy.rejectsBasePath(registry: registry)))), purge log -> \(shown(policy.purgeLogPath(registry: registry)))")
            lines.append("  release state -> \(shown(policy.releaseStatePath(registry: registry, shard: shard, stateDirectory: stateDirectory)))")
        }
        if !decryptInputs.isEmpty {
            lines.append("decrypt (key holder only, with the private key the runtime never sees):")
            for (policy, input) in decryptInputs {
                lines.append("  \(invocation) decrypt --key \(privateKeyHint(policy)) --input \(input)")
            }
        }
        return lines
    }

    /// The lines joined, without a final line break.
    var text: String { lines.joined(separator: "\n") }

    /// `sqlite out/billing.sqlite`, and the `decrypt --input` value when this build can read the sink back.
    private func describe(_ sink: StageConfig) -> (String, String?) {
        guard let url = registry.outline(sink).file else { return (CheckCommand.describe(sink, registry: registry), nil) }
        let path = shown(url.standardizedFileURL.path)
        return ("\(sink.type) \(path)", registry.aggregateReaders.kinds.contains(sink.type) ? "\(sink.type):\(path)" : nil)
    }

    /// The private key beside the policy's public key (`X.pub.json` -> `X.key.json`) when it is there, as
    /// for the demo key; otherwise a placeholder naming the key id.
    private func privateKeyHint(_ policy: Policy) -> String {
        guard let publicKey = registry.outline(policy.encrypt).key?.file, publicKey.lastPathComponent.hasSuffix(".pub.json")
        else { return "PRIVATE-KEY.json" }
        let name = String(publicKey.lastPathComponent.dropLast(".pub.json".count)) + ".key.json"
        let privateKey = publicKey.deletingLastPathComponent().appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: privateKey.path) ? shown(privateKey.standardizedFileURL.path) : "PRIVATE-KEY.json"
    }

    /// The rejects files' names: `out/p.rejects.jsonl` is written as `out/p.rejects.DAY.jsonl`, one per UTC day.
    private func dailyPattern(_ basePath: String) -> String {
        let url = URL(fileURLWithPath: basePath)
        let ext = url.pathExtension
        return url.deletingPathExtension().path + ".DAY" + (ext.isEmpty ? "" : "." + ext)
    }

    /// `path` relative to the current directory when it lies inside it (absolute when that is `/`).
    private func shown(_ path: String) -> String {
        let base = currentDirectory.hasSuffix("/") ? currentDirectory : currentDirectory + "/"
        return base != "/" && path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// `swift run privacy-runtime` when the binary runs from a SwiftPM build folder, else its name.
    static func invocation(executable: String) -> String {
        let name = URL(fileURLWithPath: executable).lastPathComponent
        return executable.contains("/.build/") ? "swift run \(name)" : name
    }
}
