import Foundation

/// A bounded single-consumer channel with real backpressure: `send` suspends while `capacity` elements are
/// buffered, so a fast producer (a source) waits for a slow consumer (encryption) instead of filling memory.
/// (An `AsyncStream` with a bounded buffering policy drops elements instead of waiting, so it is not used.)
final class BoundedChannel<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private let capacity: Int
    private var buffer: [Element] = []
    private var head = 0
    private var waitingSenders: [(Element, CheckedContinuation<Void, any Error>)] = []
    private var waitingReceiver: CheckedContinuation<Element?, any Error>?
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false

    /// Creates a channel holding at most `capacity` (≥ 1) elements.
    init(capacity: Int) {
        precondition(capacity >= 1)
        self.capacity = capacity
    }

    /// Number of buffered elements (for progress reporting).
    var count: Int { lock.withLock { buffer.count - head } }

    /// Delivers `element`, waiting while the buffer is full; throws `CancellationError` once the consumer cancelled.
    func send(_ element: Element) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            lock.lock()
            if cancelled || finished {
                lock.unlock()
                continuation.resume(throwing: CancellationError())
            } else if let receiver = waitingReceiver {
                waitingReceiver = nil
                lock.unlock()
                receiver.resume(returning: element)
                continuation.resume()
            } else if buffer.count - head < capacity {
                buffer.append(element)
                lock.unlock()
                continuation.resume()
            } else {
                waitingSenders.append((element, continuation))
                lock.unlock()
            }
        }
    }

    /// Ends the stream: the consumer gets the buffered elements, then nil (or `error`, if given).
    func finish(throwing error: (any Error)? = nil) {
        lock.lock()
        finished = true
        failure = error
        let receiver = waitingReceiver
        waitingReceiver = nil
        lock.unlock()
        if let receiver {
            if let error { receiver.resume(throwing: error) } else { receiver.resume(returning: nil) }
        }
    }

    /// The consumer gives up: buffered elements are dropped and waiting or later senders get `CancellationError`.
    func cancel() {
        lock.lock()
        cancelled = true
        buffer = []
        head = 0
        let senders = waitingSenders
        waitingSenders = []
        lock.unlock()
        for (_, continuation) in senders { continuation.resume(throwing: CancellationError()) }
    }

    /// The next element, waiting while the buffer is empty; nil once finished and drained.
    func next() async throws -> Element? {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Element?, any Error>) in
            lock.lock()
            if head < buffer.count {
                let element = buffer[head]
                head += 1
                if let (pending, sender) = waitingSenders.first {
                    waitingSenders.removeFirst()
                    buffer.append(pending)
                    compact()
                    lock.unlock()
                    sender.resume()
                } else {
                    compact()
                    lock.unlock()
                }
                continuation.resume(returning: element)
            } else if let (pending, sender) = waitingSenders.first {
                waitingSenders.removeFirst()
                lock.unlock()
                sender.resume()
                continuation.resume(returning: pending)
            } else if finished || cancelled {
                let error = failure
                lock.unlock()
                if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: nil) }
            } else {
                waitingReceiver = continuation
                lock.unlock()
            }
        }
    }

    /// Drops consumed slots once they are half the storage, so the array does not grow without bound.
    private func compact() {
        if head > 0, head * 2 >= buffer.count {
            buffer.removeFirst(head)
            head = 0
        }
    }
}
