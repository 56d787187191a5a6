import ArgumentParser
import Foundation
import Logging
import Policy
import PrivacyRuntime
import ServiceLifecycle

/// `privacy-runtime [run] --policy P [--policy Q] [--quiet] [--log-format text|json]`: applies the policies to
/// one input stream until end of input or SIGINT/SIGTERM, then prints a summary.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one or more policies over their input (the default command).")

    @Option(name: .customLong("policy"), help: "A policy file; repeat to apply several policies to the same input.")
    var policies: [String] = []

    @Flag(help: "No progress line and no summary; only warnings and errors.")
    var quiet = false

    @Option(name: .customLong("log-format"), help: "text or json (one JSON object per log line).")
    var logFormat: LogFormat = .text

    @OptionGroup var sharding: ShardOptions

    @Option(name: .customLong("state-dir"),
            help: ArgumentHelp("The runtime's state directory (release points), for every policy; default: each policy's release.state_dir, else beside its rejects files. Keep it on the runtime operator's storage, not the key holder's.",
                               valueName: "dir"))
    var stateDirectory: String?

    func validate() throws {
        guard !policies.isEmpty else { throw ValidationError("give at least one --policy FILE") }
    }

    func run() async throws {
        let logger = bootstrapLogging()
        try await FatalErrorReport.reporting { try await runPolicies(logger: logger) }
    }

    /// Loads the policies and runs them as one service until the input ends or a signal stops it.
    private func runPolicies(logger: Logger) async throws {
        let registry = CLIEnvironment.registry
        let loaded = try policies.map { path throws(PolicyError) in
            try PolicyLoader.load(contentsOf: URL(fileURLWithPath: path), catalog: registry)
        }
        for policy in loaded {
            for warning in policy.warnings { logger.warning("\(warning)") }
        }
        var options = RunOptions()
        options.logger = logger
        options.shard = sharding.shard
        options.stateDirectory = stateDirectory
        if !quiet, logFormat == .text, StatusLine.isTerminal {
            options.progress = { StatusLine.shared.show($0.line) }
        }
        let service = RuntimeService(runner: PipelineRunner(policies: loaded, registry: registry, options: options))
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup,
                             failureTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        StatusLine.shared.clear()
        if let summary = service.summary, !quiet {
            report(RunReport(summary: summary, policies: loaded, registry: registry, shard: sharding.shard,
                             stateDirectory: stateDirectory), logger: logger)
        }
    }

    private func report(_ report: RunReport, logger: Logger) {
        switch logFormat {
        case .text:
            FileHandle.standardError.write(Data((report.text + "\n").utf8))
        case .json:
            for line in report.lines { logger.info("\(line)") }
        }
    }

    private func bootstrapLogging() -> Logger {
        let level: Logger.Level = quiet ? .warning : .info
        let format = logFormat
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = TextLogHandler(label: label)
                handler.logLevel = level
                return handler
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
        return Logger(label: "privacy-runtime")
    }
}
