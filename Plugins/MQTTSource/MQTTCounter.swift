import Synchronization

/// A count shared with libmosquitto's network thread.
final class MQTTCounter: Sendable {
    private let count = Atomic<Int>(0)

    /// Adds one.
    func increment() {
        count.add(1, ordering: .relaxed)
    }

    /// The current count.
    var value: Int { count.load(ordering: .relaxed) }
}
