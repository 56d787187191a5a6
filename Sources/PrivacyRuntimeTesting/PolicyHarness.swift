import Foundation
import Logging
import Policy
import PrivacyRuntime

/// Runs a policy given as YAML text against an in-memory source and a capturing sink, with the test key, so a
/// stage's test is a few lines: register the stage, run, compare decrypted totals with sums the test computes.
///
/// The harness adds two stage types to its registry: source `memory` (the readings given to `run`, no options)
/// and sink `capture` (a `CapturingSink`, no options). `${TEST_PUBLIC_KEY}` in the policy is the path of the
/// test public key. Relative paths resolve against `directory`, a fresh temporary directory removed with the
/// harness, which also receives the rejects and purge logs unless the policy names a `rejects:` file.
///
/// ```swift
/// var registry = StageRegistry.builtIn
/// registry.register(sink: "mine") { _ in { _ in MySink() } }
/// let run = try await PolicyHarness(registry: registry).run(policy: """
///     policy: test
///     scope: region
///     window: 1h
///     source: { type: memory }
///     encrypt: { type: paillier, public_key: "${TEST_PUBLIC_KEY}" }
///     aggregate: { type: sum, min_meters: 1, allow_small_groups: "test fleet" }
///     sinks: [ { type: mine }, { type: capture } ]
///     """, readings: readings)
/// XCTAssertEqual(try run.decryptedTotals(), expected)
/// ```
public final class PolicyHarness {
    /// The `type:` of the in-memory source.
    public static let sourceType = "memory"
    /// The `type:` of the capturing sink.
    public static let sinkType = "capture"
    /// The environment variable that holds the test public key's path.
    public static let publicKeyVariable = "TEST_PUBLIC_KEY"

    /// The stages policies can use (besides `memory` and `capture`); extend it before running.
    public var registry: StageRegistry
    /// How runs are carried out; by default logging is off.
    public var runOptions: RunOptions
    /// The directory relative policy paths resolve against; removed when the harness is released.
    public let directory: URL

    /// A harness over `registry` with a fresh temporary directory.
    public init(registry: StageRegistry = .builtIn) throws {
        self.registry = registry
        var options = RunOptions()
        options.logger = Logger(label: "privacy-runtime-testing") { _ in SwiftLogNoOpLogHandler() }
        runOptions = options
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("privacy-runtime-harness-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Every problem the policy text has (errors and warnings, each at file:line:column); empty when it is clean.
    /// This is what `privacy-runtime check` reports, so it is how a stage's option validation is tested.
    public func check(policy yaml: String, fileName: String = "policy.yaml",
                      environment: [String: String] = [:]) -> [Diagnostic] {
        let stages = registry(source: InMemorySource(items: []), sink: CapturingSink())
        do {
            return try load(yaml, fileName: fileName, environment: environment, registry: stages).warnings
        } catch {
            return error.diagnostics
        }
    }

    /// Runs the policy over `readings`; throws the policy's diagnostics or the run's fatal error.
    public func run(policy yaml: String, readings: [TestReading], fileName: String = "policy.yaml",
                    environment: [String: String] = [:]) async throws -> HarnessRun {
        try await run(policy: yaml, source: InMemorySource(readings: readings), fileName: fileName, environment: environment)
    }

    /// Runs the policy over CSV text (a header line, then one reading per line).
    public func run(policy yaml: String, csv: String, fileName: String = "policy.yaml",
                    environment: [String: String] = [:]) async throws -> HarnessRun {
        try await run(policy: yaml, source: InMemorySource(csv: csv), fileName: fileName, environment: environment)
    }

    /// Runs the policy with an empty `memory` source, for a policy whose source is the stage under test.
    public func run(policy yaml: String, fileName: String = "policy.yaml",
                    environment: [String: String] = [:]) async throws -> HarnessRun {
        try await run(policy: yaml, source: InMemorySource(items: []), fileName: fileName, environment: environment)
    }

    /// Runs the policy with `source` as its `memory` source.
    public func run(policy yaml: String, source: InMemorySource, fileName: String = "policy.yaml",
                    environment: [String: String] = [:]) async throws -> HarnessRun {
        let sink = CapturingSink()
        let stages = registry(source: source, sink: sink)
        let policy = try load(yaml, fileName: fileName, environment: environment, registry: stages)
        let summary = try await PipelineRunner(policies: [policy], registry: stages, options: runOptions).run()
        return HarnessRun(policy: policy, summary: summary, sink: sink, source: source)
    }

    /// The harness's registry plus `memory` serving `source` and `capture` serving `sink`.
    private func registry(source: InMemorySource, sink: CapturingSink) -> StageRegistry {
        var stages = registry
        stages.register(source: Self.sourceType) { _ in { _ in source } }
        // In memory: a run's rows are gone with the run, so no window is ever stored twice (noise policies need that).
        stages.register(sink: Self.sinkType) { options in
            options.outline.insertsOnce = true
            return { _ in sink }
        }
        return stages
    }

    /// Loads the text; without a `rejects:` key it loads it again with one inside `directory`.
    private func load(_ yaml: String, fileName: String, environment: [String: String],
                      registry stages: StageRegistry) throws(PolicyError) -> Policy {
        let environment = [Self.publicKeyVariable: TestKeys.publicKeyURL.path].merging(environment) { $1 }
        let policy = try PolicyLoader.load(yaml: yaml, fileName: fileName, baseDirectory: directory,
                                           environment: environment, catalog: stages)
        guard policy.rejectsPath == nil else { return policy }
        let rejects = directory.appendingPathComponent("\(policy.name).rejects.jsonl").path
        let withRejects = yaml + (yaml.hasSuffix("\n") ? "" : "\n") + "rejects: \"\(rejects)\"\n"
        return try PolicyLoader.load(yaml: withRejects, fileName: fileName, baseDirectory: directory,
                                     environment: environment, catalog: stages)
    }
}
