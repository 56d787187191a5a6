import Foundation

/// Hands an async result to a synchronous caller (`AggregateReader.forEach` is synchronous).
final class BlockingResult<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Result<Value, any Error>?

    /// Stores the result and wakes the waiter.
    func set(_ result: Result<Value, any Error>) {
        condition.lock()
        value = result
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until `set` was called.
    func wait() -> Result<Value, any Error> {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
    }
}
