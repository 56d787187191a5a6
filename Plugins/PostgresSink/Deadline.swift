import Synchronization

/// Thrown when an operation did not finish within its deadline.
struct DeadlineExceeded: Error, CustomStringConvertible {
    let timeout: Duration

    var description: String { "no answer from the database within \(timeout)" }
}

/// Runs `operation` in its own task and returns its result, or throws `DeadlineExceeded` after `timeout`
/// even when the operation does not react to cancellation: a database call stuck on a connection that died
/// without an error is cancelled and left behind, so the caller can reconnect and retry.
func withDeadline<T: Sendable>(
    _ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let pending = PendingContinuation<T>()
    return try await withCheckedThrowingContinuation { continuation in
        pending.set(continuation)
        let work = Task {
            do {
                let value = try await operation()
                pending.take()?.resume(returning: value)
            } catch {
                pending.take()?.resume(throwing: error)
            }
        }
        Task {
            try? await Task.sleep(for: timeout)
            guard let continuation = pending.take() else { return }
            work.cancel()
            continuation.resume(throwing: DeadlineExceeded(timeout: timeout))
        }
    }
}

/// A continuation that exactly one of the racing tasks takes and resumes.
private final class PendingContinuation<T: Sendable>: Sendable {
    private let state = Mutex<CheckedContinuation<T, any Error>?>(nil)

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        state.withLock { $0 = continuation }
    }

    func take() -> CheckedContinuation<T, any Error>? {
        state.withLock { $0.take() }
    }
}
