import Foundation

/// A bounded queue from libmosquitto's network thread to an async consumer.
///
/// `push` runs on the network thread and blocks while the queue is full, so a slow pipeline slows
/// the broker down instead of losing messages. `next` suspends until a message arrives, the queue
/// is closed, or the waiting task is cancelled.
final class MQTTMessageQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private var items: [MQTTMessage] = []
    private var head = 0
    private var closed = false
    private var waiter: CheckedContinuation<MQTTMessage?, Never>?

    init(capacity: Int) {
        precondition(capacity > 0, "queue capacity must be positive")
        self.capacity = capacity
    }

    /// Adds a message, blocking the calling thread while the queue is full. Dropped after `close`.
    func push(_ message: MQTTMessage) {
        condition.lock()
        while items.count - head >= capacity && !closed {
            condition.wait()
        }
        guard !closed else {
            condition.unlock()
            return
        }
        if let waiter {
            self.waiter = nil
            condition.unlock()
            waiter.resume(returning: message)
            return
        }
        items.append(message)
        condition.unlock()
    }

    /// The next message, or nil once the queue is closed and drained or the task is cancelled.
    /// Only one task may wait at a time.
    func next() async -> MQTTMessage? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<MQTTMessage?, Never>) in
                condition.lock()
                if head < items.count {
                    let message = items[head]
                    head += 1
                    if head > 1024 && head * 2 > items.count {
                        items.removeFirst(head)
                        head = 0
                    }
                    condition.signal()
                    condition.unlock()
                    continuation.resume(returning: message)
                } else if closed || Task.isCancelled {
                    condition.unlock()
                    continuation.resume(returning: nil)
                } else {
                    waiter = continuation
                    condition.unlock()
                }
            }
        } onCancel: {
            condition.lock()
            let pending = waiter
            waiter = nil
            condition.unlock()
            pending?.resume(returning: nil)
        }
    }

    /// Up to `limit` messages that are already queued, without waiting.
    func drain(limit: Int) -> [MQTTMessage] {
        condition.lock()
        defer { condition.unlock() }
        let taken = Array(items[head..<min(items.count, head + limit)])
        head += taken.count
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        if !taken.isEmpty { condition.broadcast() }
        return taken
    }

    /// Ends the stream: wakes a waiting consumer and any blocked producer.
    func close() {
        condition.lock()
        closed = true
        let pending = waiter
        waiter = nil
        condition.broadcast()
        condition.unlock()
        pending?.resume(returning: nil)
    }
}
