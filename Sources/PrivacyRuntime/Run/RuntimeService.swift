import ServiceLifecycle

/// A run as a swift-service-lifecycle `Service`: in a `ServiceGroup` with SIGINT/SIGTERM as graceful-shutdown
/// signals, a signal stops reading, handles open windows per policy and closes sinks, then `run()` returns.
public final class RuntimeService: Service, @unchecked Sendable {
    private let runner: PipelineRunner
    /// The summary, once `run()` returned.
    public private(set) var summary: RunSummary?

    /// Wraps a prepared runner.
    public init(runner: PipelineRunner) {
        self.runner = runner
    }

    /// Runs the pipeline; a graceful shutdown request calls `PipelineRunner.stop()`.
    public func run() async throws {
        let runner = self.runner
        summary = try await withGracefulShutdownHandler {
            try await runner.run()
        } onGracefulShutdown: {
            runner.stop()
        }
    }
}
