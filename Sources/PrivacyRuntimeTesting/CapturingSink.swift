import Foundation
import PrivacyRuntime

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
public final class CapturingSink: AggregateSink, @unchecked Sendable {
    private let lock = NSLock()
    private var received: [[WindowAggregate]] = []
    private var closed = false
    private var writesAfterClose = 0

    /// An empty sink.
    public init() {}

    /// Every aggregate received, in the order written.
    public var aggregates: [WindowAggregate] { lock.withLock { received.flatMap { $0 } } }

    /// The batches as the runtime wrote them.
    public var batches: [[WindowAggregate]] { lock.withLock { received } }

    /// Whether `close()` was called.
    public var isClosed: Bool { lock.withLock { closed } }

    /// How many `write` calls came after `close()` (the runtime should never make one).
    public var writesAfterCloseCount: Int { lock.withLock { writesAfterClose } }

    /// Keeps `batch`.
    public func write(_ batch: [WindowAggregate]) async throws {
        lock.withLock {
            if closed { writesAfterClose += 1 }
            received.append(batch)
        }
    }

    /// Marks the sink closed.
    public func close() async throws {
        lock.withLock { closed = true }
    }
}
