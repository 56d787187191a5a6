import Synchronization

/// Counts the stream's acknowledgements of asynchronous publishes, recorded on libnats' thread.
final class NATSAckTally: Sendable {
    private struct Counts {
        var stored = 0
        var failed = 0
        var firstFailure: String?
        var unstored: [UnstoredMessage] = []
    }

    /// A message the stream did not acknowledge, kept to publish again.
    struct UnstoredMessage: Sendable {
        /// Its subject.
        var subject: String
        /// Its payload.
        var payload: [UInt8]
    }

    private let counts = Mutex(Counts())

    /// The stream stored one message.
    func recordStored() {
        counts.withLock { $0.stored += 1 }
    }

    /// The stream refused `message`, or its acknowledgement did not come in time; `reason` says which.
    func recordFailure(_ reason: String, message: UnstoredMessage) {
        counts.withLock {
            $0.failed += 1
            if $0.firstFailure == nil { $0.firstFailure = reason }
            $0.unstored.append(message)
        }
    }

    /// The messages not stored so far, handed over once (to publish again).
    func takeUnstored() -> [UnstoredMessage] {
        counts.withLock { counts in
            defer { counts.unstored = [] }
            return counts.unstored
        }
    }

    /// Messages stored so far.
    var stored: Int { counts.withLock { $0.stored } }

    /// Messages that failed so far, and the first reason.
    var failures: (count: Int, first: String?) { counts.withLock { ($0.failed, $0.firstFailure) } }
}
