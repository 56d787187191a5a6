import Foundation
import Policy
import Synchronization

/// Runs policies over one input stream: source → bounded queue → admit → encrypt (once per key, on threads of its
/// own) → fold → purge → close windows → release to the sinks. The entry point the CLI and tests share.
///
/// ```swift
/// let runner = PipelineRunner(policies: [billing, regional], registry: .builtIn)
/// let summary = try await runner.run()
/// ```
/// All of a run's work is structured: one task group holds the sinks' own work (a database writer) and the
/// stream, whose reader and processor are children of a nested group, connected by a `BackpressureQueue`.
/// `stop()` (SIGINT/SIGTERM via `RuntimeService`) ends reading; batches already read are processed, open windows
/// are then discarded or released as each policy's `on_shutdown` says, and sinks are closed. At end of input
/// every window is closed.
public final class PipelineRunner: Sendable {
    private let policies: [Policy]
    private let registry: StageRegistry
    private let options: RunOptions
    private let stopRequests: AsyncStream<Void>
    private let requestStop: AsyncStream<Void>.Continuation
    private let stopRequested = Mutex(false)

    /// Prepares a run; nothing is opened until `run()`.
    public init(policies: [Policy], registry: StageRegistry, options: RunOptions = RunOptions()) {
        self.policies = policies
        self.registry = registry
        self.options = options
        (stopRequests, requestStop) = AsyncStream.makeStream(of: Void.self)
    }

    /// Asks the run to stop reading; safe to call from any thread, more than once, before or during `run()`.
    public func stop() {
        stopRequested.withLock { $0 = true }
        requestStop.yield()
    }

    private var isStopping: Bool { stopRequested.withLock { $0 } }

    /// Runs to end of input (or until `stop()`); throws on a fatal error (unreadable input, unwritable sink).
    /// A runner runs once.
    public func run() async throws -> RunSummary {
        let started = ContinuousClock.now
        let setup = try await PipelineSetup.build(policies: policies, registry: registry, options: options)
        var summary = RunSummary(policies: policies.map(\.name))
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (_, sink) in setup.sinks { group.addTask { try await sink.run() } }
                do {
                    summary.recordsRead = try await stream(setup)
                } catch {
                    group.cancelAll()
                    try? await setup.closeSinks()
                    throw error
                }
                summary.stopped = isStopping
                try await setup.closeSinks()
                try await group.waitForAll()
            }
        } catch {
            await setup.closeSourceAndLogs()
            throw error
        }
        await setup.closeSourceAndLogs()
        summary.policies = setup.runs.map(\.summary)
        let elapsed = ContinuousClock.now - started
        summary.elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return summary
    }

    /// Reads the source in one child task and processes its batches in this one; returns the records read. Over a
    /// checkpointed source, the run resumes from the source's checkpoint and checkpoints after batches.
    private func stream(_ setup: PipelineSetup) async throws -> Int {
        let queue = BackpressureQueue<SourceBatch>(lowWatermark: 1, highWatermark: max(1, options.bufferedBatches))
        let source = setup.source
        let checkpointer = try Checkpointer.make(source: source, runs: setup.runs, key: setup.runtimeKey, shard: options.shard,
                                                 joint: setup.joint != nil)
        let positions = checkpointer != nil
        return try await withThrowingTaskGroup(of: Void.self) { group in
            let checks = BatchProcessor.ciphertextChecks(of: setup.runs)
            group.addTask { try await self.read(source, into: queue, positions: positions, checks: checks) }
            let processor = BatchProcessor(runs: setup.runs, groups: setup.groups, joint: setup.joint)
            var recordsRead = 0
            var position: UInt64?
            try await RetentionEnforcer.enforce(setup.runs, now: options.now(), options: options)
            var lastRetention = options.now()
            var progress = ProgressMeter(interval: .seconds(1))
            for await var batch in queue.elements() {
                recordsRead += batch.items.count
                try await processor.process(&batch.items, verdicts: batch.verdicts, now: options.now())
                position = batch.position ?? position
                if let checkpointer {
                    // A checkpoint comes after the release points it follows are on disk.
                    for run in setup.runs { try await run.release.releases.flush() }
                    try await checkpointer.afterBatch(position: batch.position)
                }
                if let report = options.progress,
                   var snapshot = progress.tick(records: recordsRead, runs: setup.runs, checkpoint: checkpointer?.status) {
                    snapshot.sourceBacklog = await source.backlog
                    snapshot.sinkBacklog = setup.sinks.reduce(0) { $0 + $1.sink.backlog }
                    report(snapshot)
                }
                if options.now() - lastRetention >= options.retentionInterval {
                    lastRetention = options.now()
                    try await RetentionEnforcer.enforce(setup.runs, now: lastRetention, options: options)
                }
            }
            try await group.waitForAll()
            if let checkpointer, isStopping {
                // A stop keeps the open windows in the checkpoint: the next start continues them from the stream.
                for run in setup.runs { try await run.release.releases.save() }
                if let position { try await checkpointer.write(at: position, force: true) }
                options.logger.info("stopped: \(setup.runs.reduce(0) { $0 + $1.windows.openCount }) open windows kept in the checkpoint at sequence \(position ?? 0)")
            } else {
                try await processor.finish(stopped: isStopping, now: options.now())
                for run in setup.runs { try await run.release.releases.flush() }
                if let checkpointer, let position { try await checkpointer.write(at: position, force: true) }
            }
            return recordsRead
        }
    }

    /// Pulls batches from `source` into `queue` until end of input, a stop request, or an error (which ends the
    /// run unless a stop was requested); the queue is finished in every case.
    /// With `positions`, each batch carries the source's stream sequence after it (`CheckpointedSource`). Each batch
    /// carries the verdicts of `checks` on its readings encrypted at the meter, reached here, on every core.
    private func read(_ source: any ReadingSource, into queue: BackpressureQueue<SourceBatch>, positions: Bool,
                      checks: [CiphertextCheck]) async throws {
        defer { queue.finish() }
        let batchSize = options.batchSize
        let stopRequests = self.stopRequests
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let positioned = positions ? (source as? any CheckpointedSource) : nil
                while let batch = try await source.nextBatch(maxCount: batchSize) {
                    guard !batch.isEmpty else { continue }
                    let position = await positioned?.lastSequence
                    let verdicts = try await CiphertextVerdicts.reach(for: batch, checks: checks)
                    try await queue.send(SourceBatch(items: batch, verdicts: verdicts, position: position))
                }
            }
            group.addTask {
                for await _ in stopRequests { return }
            }
            // Whichever ends first, end of input or a stop request, ends reading.
            do {
                try await group.next()
            } catch where isStopping || error is CancellationError {
            }
            group.cancelAll()
        }
    }
}
