/// A run the CLI can serve as a `RuntimeService`: a single pipeline (`PipelineRunner`) or one per claimed
/// partition (`PartitionedRun`).
public protocol RuntimeRun: Sendable {
    /// Runs to the end (end of input, or `stop()`); throws on a fatal error.
    func run() async throws -> RunSummary
    /// Asks the run to stop; safe from any thread, more than once.
    func stop()
}

extension PipelineRunner: RuntimeRun {}
