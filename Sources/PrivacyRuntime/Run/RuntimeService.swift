import ServiceLifecycle
import Synchronization

/// A run as a swift-service-lifecycle `Service`: in a `ServiceGroup` with SIGINT/SIGTERM as graceful-shutdown
/// signals, a signal stops reading, handles open windows per policy and closes sinks, then `run()` returns.
public final class RuntimeService: Service, Sendable {
    private let runner: any RuntimeRun
    private let outcome = Mutex<RunSummary?>(nil)

    /// Wraps a prepared run.
    public init(runner: any RuntimeRun) {
        self.runner = runner
    }

    /// The summary, once `run()` returned.
    public var summary: RunSummary? { outcome.withLock { $0 } }

    /// Runs the pipeline; a graceful shutdown request calls the run's `stop()`.
    public func run() async throws {
        let runner = self.runner
        let summary = try await withGracefulShutdownHandler {
            try await runner.run()
        } onGracefulShutdown: {
            runner.stop()
        }
        outcome.withLock { $0 = summary }
    }
}
