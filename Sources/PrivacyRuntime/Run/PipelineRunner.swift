import Foundation
import Policy

/// Runs policies over one input stream: source → bounded buffer → encrypt (once per key, on every core) →
/// windows → purge → sinks. The entry point the CLI and tests share.
///
/// ```swift
/// let runner = PipelineRunner(policies: [billing, regional], registry: .builtIn)
/// let summary = try await runner.run()
/// ```
/// `stop()` (SIGINT/SIGTERM via `RuntimeService`) stops reading; open windows are then discarded or released
/// as each policy's `on_shutdown` says, and sinks are closed. At end of input every window is closed.
public final class PipelineRunner: @unchecked Sendable {
    private let policies: [Policy]
    private let registry: StageRegistry
    private let options: RunOptions
    private let lock = NSLock()
    private var stopRequested = false
    private var sourceTask: Task<Void, Never>?

    /// Prepares a run; nothing is opened until `run()`.
    public init(policies: [Policy], registry: StageRegistry, options: RunOptions = RunOptions()) {
        self.policies = policies
        self.registry = registry
        self.options = options
    }

    /// Asks the run to stop reading; safe to call from any thread, more than once.
    public func stop() {
        let task = lock.withLock {
            stopRequested = true
            return sourceTask
        }
        task?.cancel()
    }

    private var isStopping: Bool { lock.withLock { stopRequested } }

    /// Runs to end of input (or until `stop()`); throws on a fatal error (unreadable input, unwritable sink).
    public func run() async throws -> RunSummary {
        let started = ContinuousClock.now
        let setup = try await PipelineSetup.build(policies: policies, registry: registry, logger: options.logger)
        var summary = RunSummary(policies: policies.map(\.name))
        let channel = BoundedChannel<[SourceItem]>(capacity: options.bufferedBatches)
        startReading(setup.source, into: channel)
        var processor = BatchProcessor(runs: setup.runs, groups: setup.groups)
        do {
            try await RetentionEnforcer.enforce(setup.runs, now: options.now(), options: options)
            var lastRetention = options.now()
            var progress = ProgressMeter(interval: .seconds(1))
            // After stop() the source task ends the channel; batches already read are still processed.
            while let batch = try await channel.next() {
                summary.recordsRead += batch.count
                try await processor.process(batch, now: options.now())
                if let report = options.progress, let snapshot = progress.tick(records: summary.recordsRead, runs: setup.runs) {
                    report(snapshot)
                }
                if options.now() - lastRetention >= options.retentionInterval {
                    lastRetention = options.now()
                    try await RetentionEnforcer.enforce(setup.runs, now: lastRetention, options: options)
                }
            }
            channel.cancel()
            summary.stopped = isStopping
            try await processor.finish(stopped: summary.stopped, now: options.now())
        } catch {
            channel.cancel()
            lock.withLock { sourceTask }?.cancel()
            try? await setup.close()
            throw error
        }
        try await setup.close()
        summary.policies = setup.runs.map(\.summary)
        summary.elapsedSeconds = Double((ContinuousClock.now - started).components.seconds)
            + Double((ContinuousClock.now - started).components.attoseconds) / 1e18
        return summary
    }

    /// Pulls batches from the source into `channel` until end of input, a stop, or an error (which ends the run).
    private func startReading(_ source: any ReadingSource, into channel: BoundedChannel<[SourceItem]>) {
        let batchSize = options.batchSize
        let task = Task {
            do {
                while !Task.isCancelled, let batch = try await source.nextBatch(maxCount: batchSize) {
                    if !batch.isEmpty { try await channel.send(batch) }
                }
                channel.finish()
            } catch {
                channel.finish(throwing: self.isStopping || error is CancellationError ? nil : error)
            }
        }
        lock.withLock { sourceTask = task }
        if isStopping { task.cancel() }
    }
}
