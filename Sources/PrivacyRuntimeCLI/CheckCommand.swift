import ArgumentParser
import Foundation
import MeterRegistry
import Paillier
import Policy
import PrivacyRuntime
import RuntimeKeys

/// `privacy-runtime check`: validates policies without running them and says what each discloses.
struct CheckCommand: AsyncParsableCommand {
    /// The command's name and help.
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate policies without running them and print what each one discloses (exit 0 if all are valid, else 1).")

    /// The policy files to check.
    @Argument(help: "Policy files.")
    var policies: [String]

    /// Loads every policy against the build's stages; prints a summary for each valid one and every
    /// located error of the others.
    func run() async throws {
        try await FatalErrorReport.reporting { try await run(registry: CLIEnvironment.registry) }
    }

    private func run(registry: StageRegistry) async throws {
        var invalid = 0
        var valid: [Policy] = []
        for (index, path) in policies.enumerated() {
            if index > 0 { print("") }
            do {
                let policy = try PolicyLoader.load(contentsOf: URL(fileURLWithPath: path), catalog: registry)
                // A runtime key or meter registry the run would refuse makes the policy invalid here too.
                let runtimeKey: RuntimeKey?
                let meterRegistry: MeterRegistry?
                let noisePlan: NoisePlan?
                do {
                    runtimeKey = try RuntimeKey.load(for: policy)
                    meterRegistry = try MeterRegistry.load(for: policy)
                    noisePlan = try NoisePlan(policy: policy)
                } catch let keyError {
                    invalid += 1
                    FileHandle.standardError.write(Data("\(keyError)\n\(path): invalid (1 problem)\n".utf8))
                    continue
                }
                let checkpoints = registry.outline(policy.source).checkpoints
                if checkpoints != nil, runtimeKey == nil {
                    invalid += 1
                    FileHandle.standardError.write(Data("\(policy.fileURL.path): error: source: \(CheckpointError.noRuntimeKey(policy: policy.name))\n\(path): invalid (1 problem)\n".utf8))
                    continue
                }
                print("\(path): valid")
                valid.append(policy)
                var facts = Self.facts(for: policy, registry: registry, runtimeKey: runtimeKey)
                facts.meterRegistry = meterRegistry.map { DisclosureSummary.RegistryFacts(meters: $0.meters.count, signedMeters: $0.signedMeterCount) }
                print(DisclosureSummary(policy: policy, facts: facts))
                if let noisePlan { print(NoiseDisclosureText(policy: policy, plan: noisePlan).text) }
                if let checkpoints {
                    print("Checkpoints: \(checkpoints); a restart resumes after the latest one's stream sequence (open windows, watermark and release point restored; nothing lost, and insert-once sinks keep each window's first row)")
                    for sink in policy.sinks where ["jsonl", "stdout"].contains(sink.type) {
                        print("  warning: sink '\(sink.type)' appends: a window released after the latest checkpoint is appended again after a crash; use sqlite or postgres, which keep the first row")
                    }
                }
            } catch {
                invalid += 1
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                FileHandle.standardError.write(Data(("\(path): invalid (\(error.diagnostics.count) problem\(error.diagnostics.count == 1 ? "" : "s"))" + "\n").utf8))
            }
        }
        invalid += jointDisclosures(of: valid, registry: registry)
        if invalid > 0 { throw ExitCode(1) }
    }

    /// Policies that read one stream run together: prints what they disclose together, or why they cannot run
    /// together (counted as a problem).
    private func jointDisclosures(of policies: [Policy], registry: StageRegistry) -> Int {
        var streams: [String: [Policy]] = [:]
        var order: [String] = []
        var descriptions: [String: String] = [:]
        for policy in policies {
            // The same source type and options (paths resolved) is the same stream; the description names no value
            // that came from the environment.
            let source = policy.source
            let path = source.options.first { $0.key == "path" }?.value.scalar.map {
                URL(fileURLWithPath: $0.value, relativeTo: source.baseDirectory).standardizedFileURL.path
            }
            let stream = source.type + "|" + source.options.map { $0.key == "path" ? "path=\(path ?? "")" : "\($0.key)=\(Self.render($0.value))" }
                .sorted().joined(separator: "|")
            let outline = registry.outline(source)
            descriptions[stream] = "source '\(source.type)'" + (path.map { " reading \($0)" } ?? outline.server.map { " at \($0)" } ?? "")
            if streams[stream] == nil { order.append(stream) }
            streams[stream, default: []].append(policy)
        }
        var refused = 0
        for stream in order {
            let together = streams[stream]!
            guard together.count > 1 else { continue }
            let names = together.map { "'\($0.name)'" }.joined(separator: ", "), stream = descriptions[stream]!
            do {
                try NoisePlan.checkCombination(together)
                let plan = try JointReleasePlan.make(for: together)
                print("")
                print(JointDisclosureText(policies: together, stream: stream, plan: plan).text)
            } catch {
                refused += 1
                FileHandle.standardError.write(Data("policies \(names) (\(stream)) cannot run together: \(error)\n".utf8))
            }
        }
        return refused
    }

    /// What the summary needs beyond the policy, as the stages' factories outline it: the encryptor's key and
    /// mode and where each sink writes; and the runtime key when one is loaded.
    static func facts(for policy: Policy, registry: StageRegistry, runtimeKey: RuntimeKey? = nil) -> DisclosureSummary.Facts {
        let encryptor = registry.outline(policy.encrypt)
        let key = encryptor.key
        return DisclosureSummary.Facts(
            keyID: key?.id ?? "of the '\(policy.encrypt.type)' encryptor", isDemoKey: key?.isDemo ?? false,
            keyBits: key?.bits, sinkDescriptions: policy.sinks.map { describe($0, registry: registry) },
            runtimeKey: runtimeKey.map { "key \($0.keyID)" + ($0.label.isEmpty ? "" : " '\($0.label)'") },
            isDemoRuntimeKey: runtimeKey?.label.lowercased().contains("demo") ?? false,
            encryptionMode: encryptor.encryptionMode,
            releaseStatePath: policy.releaseStatePath(registry: registry, shard: nil))
    }

    /// A YAML value as comparable text.
    private static func render(_ node: YAMLNode) -> String {
        if let scalar = node.scalar { return scalar.value }
        if let sequence = node.sequence { return "[" + sequence.map(render).joined(separator: ",") + "]" }
        return "{" + (node.mapping ?? []).map { "\($0.key)=\(render($0.value))" }.joined(separator: ",") + "}"
    }

    /// `sink 'sqlite' writing /abs/out/billing.sqlite`, or the server a sink writes to.
    static func describe(_ sink: StageConfig, registry: StageRegistry) -> String {
        let outline = registry.outline(sink)
        if let file = outline.file { return "sink '\(sink.type)' writing \(file.standardizedFileURL.path)" }
        if let server = outline.server { return "sink '\(sink.type)' at \(server)" }
        return "sink '\(sink.type)'"
    }
}
