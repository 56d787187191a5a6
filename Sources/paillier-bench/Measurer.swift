import Foundation

/// Runs an operation repeatedly for a fixed time budget and reports operations per second.
///
/// One-core rates divide by the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so other
/// processes sharing the machine do not depress them; all-core rates use wall-clock time.
struct Measurer {
    /// The time budget per measurement, in seconds.
    let seconds: Double

    /// Calls `operation` with 0, 1, 2, … on this thread until `seconds` of its CPU time are spent
    /// (after one warm-up call) and returns calls per CPU second. The clock is read between
    /// batches that double until one lasts a hundredth of the budget, so reading it (a system call)
    /// costs nothing measurable even for operations of a few microseconds.
    func rate(_ operation: (Int) throws -> Void) rethrows -> Double {
        try operation(0)
        let start = Self.threadCPUSeconds()
        var count = 0
        var batch = 1
        var elapsed = 0.0
        repeat {
            let batchStart = elapsed
            for _ in 0..<batch {
                try operation(count)
                count += 1
            }
            elapsed = Self.threadCPUSeconds() - start
            if elapsed - batchStart < seconds / 100 { batch *= 2 }
        } while elapsed < seconds
        return Double(count) / elapsed
    }

    /// Times one call of `operation` that performs `count` operations on all cores; returns
    /// operations per wall-clock second.
    func batchRate(count: Int, _ operation: () -> Void) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        operation()
        return Double(count) / (clock.now - start).seconds
    }

    /// CPU time consumed by the calling thread, in seconds.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
