import PrivacyRuntime
import Synchronization

/// An `AggregateSink` that keeps what it receives, for assertions: every aggregate in arrival order, the
/// batches as written, and whether the runtime closed it. Thread-safe; read it while or after a run.
///
/// ```swift
/// let sink = CapturingSink()
/// registry.register(sink: "capture") { _ in { _ in sink } }
/// // … run …
/// XCTAssertTrue(sink.isClosed)
/// XCTAssertEqual(sink.aggregates.count, 3)
/// ```
public final class CapturingSink: AggregateSink {
    private struct State {
        var received: [[WindowAggregate]] = []
        var closed = false
        var writesAfterClose = 0
    }

    private let state = Mutex(State())

    /// An empty sink.
    public init() {}

    /// Every aggregate received, in the order written.
    public var aggregates: [WindowAggregate] { state.withLock { $0.received.flatMap { $0 } } }

    /// The batches as the runtime wrote them.
    public var batches: [[WindowAggregate]] { state.withLock { $0.received } }

    /// Whether `close()` was called.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// How many `write` calls came after `close()` (the runtime should never make one).
    public var writesAfterCloseCount: Int { state.withLock { $0.writesAfterClose } }

    /// Keeps `batch`.
    public func write(_ batch: [WindowAggregate]) async throws {
        state.withLock { state in
            if state.closed { state.writesAfterClose += 1 }
            state.received.append(batch)
        }
    }

    /// Marks the sink closed.
    public func close() async throws {
        state.withLock { $0.closed = true }
    }
}
