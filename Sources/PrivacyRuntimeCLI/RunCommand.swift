import ArgumentParser
import Foundation
import CoreMetrics
import Logging
import Policy
import Prometheus
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

    @Option(name: .customLong("metrics-port"), help: "Serve Prometheus metrics (/metrics) and a health check (/health) on this port during the run.")
    var metricsPort: Int?

    @Option(name: .customLong("metrics-host"), help: "The address the metrics endpoint listens on.")
    var metricsHost = "127.0.0.1"

    @Option(name: .customLong("state-dir"),
            help: ArgumentHelp("The runtime's state directory (release points), for every policy; default: each policy's release.state_dir, else beside its rejects files. Keep it on the runtime operator's storage, not the key holder's.",
                               valueName: "dir"))
    var stateDirectory: String?

    func validate() throws {
        guard !policies.isEmpty else { throw ValidationError("give at least one --policy FILE") }
        if let metricsPort, !(1...65_535).contains(metricsPort) { throw ValidationError("--metrics-port must be 1 to 65535") }
    }

    func run() async throws {
        let logger = bootstrapLogging()
        try await FatalErrorReport.reporting {
            try ProcessHardening.disableCoreDumps()
            try await runPolicies(logger: logger)
        }
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
        let showStatus = !quiet && logFormat == .text && StatusLine.isTerminal
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        var metrics: RunMetrics?
        if let metricsPort {
            let prometheus = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: prometheus))
            let runMetrics = RunMetrics()
            metrics = runMetrics
            services.append(.init(service: MetricsEndpoint(host: metricsHost, port: metricsPort, registry: prometheus, metrics: runMetrics)))
            logger.info("metrics on http://\(metricsHost):\(metricsPort)/metrics, health on /health")
        }
        if showStatus || metrics != nil {
            let now = options.now
            let metrics = metrics
            options.progress = { snapshot in
                if showStatus { StatusLine.shared.show(snapshot.line) }
                metrics?.record(snapshot, now: now())
            }
        }
        let service = RuntimeService(runner: try await makeRun(loaded, registry: registry, options: options))
        services.insert(.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup,
                              failureTerminationBehavior: .gracefullyShutdownGroup), at: 0)
        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        StatusLine.shared.clear()
        if let summary = service.summary, !quiet {
            report(RunReport(summary: summary, policies: loaded, registry: registry, shard: sharding.shard,
                             stateDirectory: stateDirectory), logger: logger)
        }
    }

    /// One pipeline, or, when the first policy's source is partitioned, one per partition this instance claims.
    private func makeRun(_ policies: [Policy], registry: StageRegistry, options: RunOptions) async throws -> any RuntimeRun {
        let source = policies[0].source
        let context = StageContext(policy: policies[0], logger: options.logger)
        guard let store = try await registry.makeLeaseStore(source, context: context) else {
            return PipelineRunner(policies: policies, registry: registry, options: options)
        }
        if sharding.shard != nil {
            throw CLIError("--shard K/N cannot be combined with a partitioned source (\(source.location)): instances claim partitions through leases instead")
        }
        return PartitionedRun(policies: policies, registry: registry, options: options, store: store)
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
