import ArgumentParser
import Foundation
import Logging
import Policy
import PrivacyRuntime
import ServiceLifecycle

/// `privacy-runtime [run] --policy P [--policy Q ...]`: runs the pipeline until end of input or SIGINT/SIGTERM.
public struct RunCommand: RegistryCommand {
    /// The command's name and help.
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one or more policies over their (shared) input and write window aggregates to their sinks.")

    /// The policy files; several share one input stream.
    @Option(name: .customLong("policy"), help: "A policy file; repeat to apply several policies to the same input.")
    public var policies: [String] = []

    /// No progress line and no summary; only errors.
    @Flag(help: "Print only errors (no progress line, no summary).")
    public var quiet = false

    /// How log lines are written to standard error.
    @Option(help: "Log format on standard error: text or json (for services).")
    public var logFormat: LogFormat = .text

    /// Creates the command (for ArgumentParser).
    public init() {}

    /// Requires at least one policy.
    public func validate() throws {
        guard !policies.isEmpty else { throw ValidationError("give at least one --policy FILE") }
    }

    /// Loads every policy (reporting all their errors together), then runs them as one service.
    public func run(registry: StageRegistry) async throws {
        let logger = logFormat.bootstrap(level: quiet ? .error : .info)
        let loaded = try Self.load(policies, registry: registry)
        var options = RunOptions()
        options.logger = logger
        if !quiet, isatty(STDERR_FILENO) == 1 {
            options.progress = { snapshot in
                FileHandle.standardError.write(Data("\r\u{1B}[K\(snapshot.line)".utf8))
            }
        }
        let service = RuntimeService(runner: PipelineRunner(policies: loaded, registry: registry, options: options))
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        guard let summary = service.summary else { return }
        if options.progress != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if !quiet {
            for line in summary.description.split(separator: "\n") { logger.info("\(line)") }
        }
    }

    /// Loads all policies, collecting the diagnostics of every invalid one before failing.
    static func load(_ paths: [String], registry: StageRegistry) throws -> [Policy] {
        var loaded: [Policy] = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            do {
                loaded.append(try PolicyLoader.load(contentsOf: URL(fileURLWithPath: path), catalog: registry))
            } catch {
                diagnostics += error.diagnostics
            }
        }
        guard diagnostics.isEmpty else { throw PolicyError(diagnostics: diagnostics) }
        return loaded
    }
}
