import Dispatch

/// Runs CPU-bound work (big-integer encryption) on threads of its own, off Swift's cooperative pool, as
/// swift-nio's `NIOThreadPool` does for blocking work: the calling task suspends instead of holding one of the
/// pool's few threads for the whole computation, so sources, sinks and signal handling keep running meanwhile.
public enum CPUBoundWork {
    private static let queue = DispatchQueue(label: "privacy-runtime.cpu-bound", qos: .userInitiated, attributes: .concurrent)

    /// The result of `work`, computed on a Dispatch worker thread (the work may fan out further with
    /// `DispatchQueue.concurrentPerform`, which then uses the worker threads too).
    public static func run<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Swift.Result { try work() }) }
        }
    }
}
