import Foundation
import PrivacyRuntime
import Synchronization

/// A replayable log in memory for checkpoint tests: readings numbered 1, 2, … as a stream numbers them, read from
/// the sequence after a checkpoint, optionally failing (a crash) before handing out sequence `crashAt`, or asking the
/// run to stop once it handed out `stopAt`.
actor MemoryLogSource: CheckpointedSource {
    private let lines: [SourceRecord]
    private var next: Int
    private let crashAt: UInt64?
    private let stopAt: UInt64?
    private let stop: (@Sendable () -> Void)?
    nonisolated let checkpoints: CheckpointSettings?
    nonisolated let resumedFrom: StoredCheckpoint?
    private(set) var lastSequence: UInt64

    /// With `stopAt`, `stop` is called (as SIGTERM would) once the batch reaching that sequence was handed out.
    init(records: [SourceRecord], store: MemoryCheckpointStore, interval: Duration, crashAt: UInt64?,
         stopAt: UInt64? = nil, stop: (@Sendable () -> Void)? = nil) async throws {
        lines = records
        resumedFrom = try await store.load()
        lastSequence = resumedFrom?.sequence ?? 0
        next = Int(lastSequence)
        self.crashAt = crashAt
        self.stopAt = stopAt
        self.stop = stop
        checkpoints = CheckpointSettings(store: store, interval: interval, stream: "MEMORY")
    }

    func nextBatch(maxCount: Int) async throws -> [SourceItem]? {
        guard next < lines.count else { return nil }
        let end = min(lines.count, next + maxCount)
        if let crashAt, UInt64(end) >= crashAt { throw SimulatedCrash() }
        defer { next = end }
        lastSequence = UInt64(end)
        if let stopAt, UInt64(end) >= stopAt { stop?() }
        return lines[next..<end].map { .record($0) }
    }

    func close() async {}

    /// It reads the log again from the checkpoint, so no window is partial after a crash.
    nonisolated var replaysFromStart: Bool { true }
}

/// Checkpoints in memory; with `keepThrough`, saves of later sequences are counted but not kept, so a crash finds
/// the store behind the release state (as when the interval had not passed again).
final class MemoryCheckpointStore: CheckpointStore, Sendable {
    private let state = Mutex<(kept: StoredCheckpoint?, saves: Int)>((nil, 0))
    private let keepThrough: UInt64

    init(keepThrough: UInt64 = .max) {
        self.keepThrough = keepThrough
    }

    var description: String { "memory" }
    var saves: Int { state.withLock { $0.saves } }
    var kept: StoredCheckpoint? { state.withLock { $0.kept } }

    func load() async throws -> StoredCheckpoint? { kept }

    func save(_ checkpoint: StoredCheckpoint) async throws {
        state.withLock {
            $0.saves += 1
            if checkpoint.sequence <= keepThrough { $0.kept = checkpoint }
        }
    }
}

/// What `MemoryLogSource` throws at its crash point.
struct SimulatedCrash: Error {}
