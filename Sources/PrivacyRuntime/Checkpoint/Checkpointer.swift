import Foundation
import Paillier
import RuntimeKeys

/// The checkpoint step of a run over a `CheckpointedSource`, in the one task that owns the windows: at a resume it
/// puts the checkpoint's windows, fleet clocks and release points back into the policies' runs; during the run it
/// snapshots them at a batch boundary once `interval` has passed, seals the snapshot and stores it with the stream
/// sequence of the batch's last message.
///
/// A checkpoint is taken after the batch's windows were released and the release point saved, so every window a
/// checkpoint no longer holds is in the sinks; windows released after it are released again from the same readings
/// after a crash, and insert-once sinks keep their first row.
///
/// Only the snapshot is taken in the owning task; sealing and storing it run in the background while the pipeline
/// goes on, one checkpoint at a time: the next one first waits for the previous one (and throws its error, e.g. a
/// fencing refusal). A crash while one is being stored leaves the previous one, from which the restart resumes.
final class Checkpointer {
    private let settings: CheckpointSettings
    private let seal: CheckpointSeal
    private let runs: [PolicyRun]
    /// The sequence the latest checkpoint covers (or the one resumed from).
    private var sequence: UInt64
    private var lastWrite = ContinuousClock.now
    /// The checkpoint being sealed and stored in the background; nil when none is.
    private var inFlight: Task<CheckpointStatus, any Error>?
    /// The latest checkpoint written in this run; nil before the first.
    private(set) var status: CheckpointStatus?

    /// A checkpointer for `runs` reading `source`, or nil when the source keeps no checkpoints. Restores the
    /// checkpoint the source resumed after; throws `CheckpointError` when there is no runtime key to seal with, or
    /// the checkpoint does not open or fit the runs.
    static func make(source: any ReadingSource, runs: [PolicyRun], key: RuntimeKey?, shard: ShardAssignment?,
                     joint: Bool = false) throws -> Checkpointer? {
        guard let source = source as? any CheckpointedSource, let settings = source.checkpoints else { return nil }
        // The joint release holds closed region cells until their block is decided, outside the windows' tables.
        guard !joint else {
            throw CheckpointError.unsupported("region and household policies released jointly hold closed region cells the checkpoint does not record; run them without checkpoint_every")
        }
        // A billing period's registers are several ciphertexts per window; the checkpoint records one.
        if let billing = runs.first(where: { $0.policy.billing != nil }) {
            throw CheckpointError.unsupported("billing policy '\(billing.policy.name)' keeps a register per band and price, which the checkpoint does not record; run it without checkpoint_every")
        }
        guard let key else { throw CheckpointError.noRuntimeKey(policy: runs.first?.policy.name ?? "?") }
        let seal = CheckpointSeal(key: key, policies: runs.map(\.policy.name), stream: settings.stream,
                                  shard: shard.flatMap { $0.count > 1 ? $0 : nil })
        let checkpointer = Checkpointer(settings: settings, seal: seal, runs: runs, sequence: source.resumedFrom?.sequence ?? 0)
        if let stored = source.resumedFrom {
            try checkpointer.restore(try seal.open(stored, from: settings.store.description))
        }
        return checkpointer
    }

    private init(settings: CheckpointSettings, seal: CheckpointSeal, runs: [PolicyRun], sequence: UInt64) {
        self.settings = settings
        self.seal = seal
        self.runs = runs
        self.sequence = sequence
    }

    /// Writes a checkpoint at `position` (the stream sequence of the batch just processed) if `interval` has
    /// passed since the last one and the position moved.
    func afterBatch(position: UInt64?) async throws {
        guard let position, ContinuousClock.now - lastWrite >= settings.interval else { return }
        try await finishInFlight()
        lastWrite = .now
        guard position > sequence else { return }
        start(at: position)
    }

    /// Writes a checkpoint at `position` and waits until it is stored, unless the latest one covers it already;
    /// `force` writes it all the same (at the end of a run, when windows were closed since).
    func write(at position: UInt64, force: Bool = false) async throws {
        try await finishInFlight()
        lastWrite = .now
        guard position > sequence || (force && position == sequence) else { return }
        start(at: position)
        try await finishInFlight()
    }

    /// Snapshots the state at `position` here and seals and stores it in the background.
    private func start(at position: UInt64) {
        let started = ContinuousClock.now
        let checkpoint = snapshot(sequence: position)
        let seal = self.seal, store = settings.store
        inFlight = Task.detached {
            let stored = try seal.seal(checkpoint)
            try await store.save(stored)
            let elapsed = ContinuousClock.now - started
            return CheckpointStatus(
                sequence: position, bytes: stored.sealed.count, windows: checkpoint.policies.reduce(0) { $0 + $1.windows.count },
                writtenAt: Date().timeIntervalSince1970,
                writeSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    }

    /// Waits for the checkpoint in flight, if any, and records it as the latest; throws its error.
    private func finishInFlight() async throws {
        guard let task = inFlight else { return }
        inFlight = nil
        let written = try await task.value
        status = written
        sequence = written.sequence
    }

    /// The runs' state now, covering `sequence`.
    func snapshot(sequence: UInt64) -> PipelineCheckpoint {
        PipelineCheckpoint(sequence: sequence, policies: runs.map { run in
            let (windows, fleet) = run.windows.snapshot
            return PipelineCheckpoint.PolicyState(
                name: run.policy.name, releasePoint: run.release.releases.point, fleet: fleet,
                windows: windows.map { window in
                    PipelineCheckpoint.WindowState(
                        scopeKey: window.scopeKey, start: window.start, end: window.end, readings: window.readings,
                        seen: window.offsetsByMeter, someAboveMin: window.someAboveMin, someBelowMax: window.someBelowMax,
                        someValueUnknown: window.someValueUnknown,
                        ciphertext: window.payload.sealed().bigEndianBytes)
                })
        })
    }

    /// Puts `checkpoint`'s state into the runs.
    func restore(_ checkpoint: PipelineCheckpoint) throws {
        for (run, state) in zip(runs, checkpoint.policies) {
            let assigner = WindowAssigner(policy: run.policy)
            let windows = try state.windows.map { saved in
                let bounds = assigner.window(containing: saved.start)
                guard bounds.start == saved.start, bounds.end == saved.end else {
                    throw CheckpointError.mismatch("policy '\(run.policy.name)' has other windows than its window \(RFC3339.format(saved.start))–\(RFC3339.format(saved.end)) (its window or time zone changed)")
                }
                let ciphertext: PaillierCiphertext
                do {
                    ciphertext = try PaillierCiphertext(bigEndian: saved.ciphertext, publicKey: run.publicKey)
                } catch {
                    throw CheckpointError.mismatch("policy '\(run.policy.name)': an accumulator is not a ciphertext of key \(run.publicKey.keyID) (the policy's public key changed)")
                }
                let payload = run.windows.makePayload()
                payload.add(ciphertext)
                return OpenWindow(scopeKey: saved.scopeKey, start: saved.start, end: saved.end, payload: payload,
                                  gridInterval: run.policy.readings.interval, readings: saved.readings, seen: saved.seen,
                                  someAboveMin: saved.someAboveMin, someBelowMax: saved.someBelowMax,
                                  someValueUnknown: saved.someValueUnknown)
            }
            run.windows.restore(windows: windows, fleet: state.fleet, rule: run.policy.watermark)
            run.release.releases.resume(from: state.releasePoint)
        }
    }
}
