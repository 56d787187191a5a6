import Policy

/// One policy's release point during a run: loaded from its `ReleaseStateFile` at start, consulted by the
/// policy's windows (a reading for a released window is rejected) and by its release step (a window a crash may
/// have left partial is suppressed or marked), and saved after the sinks accepted each release.
///
/// Which windows may be partial: those after the loaded release point that end at or before the loaded
/// `admittedThrough`, the latest window that had readings admitted before the restart. They were open when the
/// runtime stopped, and a source that does not replay (a broker does not redeliver acknowledged QoS 1 messages,
/// standard input is gone) cannot bring back what they held. A source that replays from the start (a file)
/// delivers them whole again, so for it none is partial.
final class ReleaseTracker {
    /// Where the point is kept.
    let file: ReleaseStateFile
    /// The point as updated during the run.
    private(set) var point: ReleasePoint
    /// The point as last saved (or being saved, by `pending`).
    private var saved: ReleasePoint
    /// The write `saveInBackground()` started, until `flush()` awaits it.
    private var pending: Task<Void, any Error>?
    /// Windows after the loaded release point ending at or before this may have lost readings; nil: none.
    private(set) var partialThrough: Int64?
    /// The release point as loaded: a window starting before it (the policy's window changed) lacks the readings
    /// before it, which belong to windows released already.
    private var loadedReleasedThrough: Int64?

    /// Loads `file` (nil: a first run); `sourceReplays` says the run's source delivers its input from the start.
    init(file: ReleaseStateFile, sourceReplays: Bool) throws {
        self.file = file
        let loaded = try file.load() ?? ReleasePoint()
        point = loaded
        saved = loaded
        loadedReleasedThrough = loaded.releasedThrough
        if !sourceReplays, let admitted = loaded.admittedThrough, !loaded.isReleased(windowEnd: admitted) {
            partialThrough = admitted
        } else {
            partialThrough = nil
        }
    }

    /// Whether a reading at `timestamp` belongs to a window released already (in this run or an earlier one).
    func isReleased(timestamp: Int64) -> Bool {
        point.isReleased(timestamp: timestamp)
    }

    /// Records that a reading was admitted into the window ending at `windowEnd`.
    func admitted(windowEnd: Int64) {
        if point.admittedThrough.map({ windowEnd > $0 }) ?? true { point.admittedThrough = windowEnd }
    }

    /// Whether the window from `windowStart` to `windowEnd` may lack readings: it was open at the crash (and the
    /// source does not replay), or it starts before the loaded release point (the policy's window changed).
    func mayBePartial(windowStart: Int64, windowEnd: Int64) -> Bool {
        (partialThrough.map { windowEnd <= $0 } ?? false) || (loadedReleasedThrough.map { windowStart < $0 } ?? false)
    }

    /// Records that every window ending at or before `windowEnd` was released or suppressed.
    func released(through windowEnd: Int64) {
        if point.releasedThrough.map({ windowEnd > $0 }) ?? true { point.releasedThrough = windowEnd }
    }

    /// Continues from a checkpoint's release point (at a resume, before the first reading). The source reads every
    /// message after the checkpoint again, so no window is partial, and a window released after the checkpoint (the
    /// file is ahead of it) is released again from the same readings: insert-once sinks keep its first row. The
    /// file never moves back (`save` writes the later of both points).
    func resume(from checkpointPoint: ReleasePoint) {
        point = checkpointPoint
        loadedReleasedThrough = checkpointPoint.releasedThrough
        partialThrough = nil
    }

    /// Writes the point if it moved past the last saved one (each field the later of both), once the write
    /// `saveInBackground()` started is done.
    func save() async throws {
        try await flush()
        let merged = point.later(than: saved)
        guard merged != saved else { return }
        try file.save(merged)
        saved = merged
    }

    /// Starts writing the point if it moved (after the previous write), on a thread of its own, and returns: the
    /// next batch's admission and fold go on meanwhile (nothing in the run reads the file back; the point in memory
    /// is already moved). `flush()` waits for the write and throws its error; the runner waits before each
    /// checkpoint and at the end. A crash before the write is done leaves what a crash just before a save leaves:
    /// windows the sinks stored, the file's point before them (released again at the restart; insert-once sinks
    /// keep the first row).
    func saveInBackground() async throws {
        try await flush()
        let merged = point.later(than: saved)
        guard merged != saved else { return }
        let file = self.file
        pending = Task { try await CPUBoundWork.run { try file.save(merged) } }
        saved = merged
    }

    /// Waits for the write `saveInBackground()` started, if any; throws its error.
    func flush() async throws {
        guard let write = pending else { return }
        pending = nil
        try await write.value
    }
}
