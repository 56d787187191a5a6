import Foundation

/// The largest value reported so far, from any thread (the progress callback runs off the caller's task).
final class MaximumTracker: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// The largest value recorded, 0 before the first.
    var maximum: Int { lock.withLock { value } }

    /// Keeps `candidate` if it is the largest so far.
    func record(_ candidate: Int) {
        lock.withLock { value = max(value, candidate) }
    }
}
