import Synchronization

/// What the reading thread and its owner tell each other: stop reading; the thread has ended.
final class NATSReaderFlags: Sendable {
    private let stopRequested = Atomic<Bool>(false)
    private let ended = Atomic<Bool>(false)

    /// Asks the thread to stop after its current fetch.
    func requestStop() { stopRequested.store(true, ordering: .releasing) }

    /// Whether a stop was asked for.
    var isStopRequested: Bool { stopRequested.load(ordering: .acquiring) }

    /// Records that the thread has closed its consumer and connection and ended.
    func markEnded() { ended.store(true, ordering: .releasing) }

    /// Whether the thread has ended.
    var hasEnded: Bool { ended.load(ordering: .acquiring) }
}
