import Synchronization

/// When the last message arrived, for the idle timeout.
final class MQTTActivityClock: Sendable {
    private let last = Mutex(ContinuousClock.now)

    /// Records that a message arrived now.
    func touch() {
        last.withLock { $0 = .now }
    }

    /// How much of `timeout` is left since the last message (zero or negative once it has passed).
    func remaining(_ timeout: Duration) -> Duration {
        let since = last.withLock { $0 }.duration(to: .now)
        return timeout - since
    }
}
