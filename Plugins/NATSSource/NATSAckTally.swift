import Synchronization

/// Counts the stream's acknowledgements of asynchronous publishes, recorded on libnats' thread.
final class NATSAckTally: Sendable {
    private struct Counts {
        var stored = 0
        var failed = 0
        var firstFailure: String?
    }

    private let counts = Mutex(Counts())

    /// The stream stored one message.
    func recordStored() {
        counts.withLock { $0.stored += 1 }
    }

    /// The stream refused one message, or its acknowledgement did not come in time; `reason` says which.
    func recordFailure(_ reason: String) {
        counts.withLock {
            $0.failed += 1
            if $0.firstFailure == nil { $0.firstFailure = reason }
        }
    }

    /// Messages stored so far.
    var stored: Int { counts.withLock { $0.stored } }

    /// Messages that failed so far, and the first reason.
    var failures: (count: Int, first: String?) { counts.withLock { ($0.failed, $0.firstFailure) } }
}
