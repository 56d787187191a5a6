import PrivacyRuntime

/// A bounded FIFO between the sink's callers and its database writer.
///
/// Rows stay in the buffer until the writer has committed them, so a failed write loses nothing.
/// When the buffer is full, `append` suspends until the writer has made room: backpressure, never a drop.
actor AggregateBuffer {
    private let capacity: Int
    private var rows: [AggregateRecord] = []
    private var finished = false
    private var abandoned = false
    private var spaceWaiters: [CheckedContinuation<Void, Never>] = []
    private var dataWaiters: [CheckedContinuation<Void, Never>] = []

    init(capacity: Int) {
        precondition(capacity > 0, "buffer capacity must be positive")
        self.capacity = capacity
    }

    /// Number of rows waiting to be written.
    var count: Int { rows.count }

    /// Appends rows, suspending while the buffer is full. A batch larger than the capacity is accepted
    /// whole once the buffer is empty. Returns false, appending nothing, once the writer has given up.
    func append(_ newRows: [AggregateRecord]) async -> Bool {
        while !abandoned && !rows.isEmpty && rows.count + newRows.count > capacity {
            await withCheckedContinuation { spaceWaiters.append($0) }
        }
        guard !abandoned else { return false }
        rows.append(contentsOf: newRows)
        resumeAll(&dataWaiters)
        return true
    }

    /// The oldest rows (at most `limit`), without removing them; waits for data.
    /// Returns nil once the buffer is finished and empty.
    func peek(limit: Int) async -> [AggregateRecord]? {
        while rows.isEmpty {
            if finished { return nil }
            await withCheckedContinuation { dataWaiters.append($0) }
        }
        return Array(rows.prefix(limit))
    }

    /// Removes the `count` oldest rows after they have been committed.
    func removeFirst(_ count: Int) {
        rows.removeFirst(count)
        resumeAll(&spaceWaiters)
    }

    /// No more rows will be appended; `peek` returns nil once the rest is written.
    func finish() {
        finished = true
        resumeAll(&dataWaiters)
    }

    /// The writer has failed for good: wake every waiting writer and refuse further rows.
    /// Returns how many rows were left unwritten.
    func abandon() -> Int {
        abandoned = true
        finished = true
        resumeAll(&spaceWaiters)
        resumeAll(&dataWaiters)
        return rows.count
    }

    private func resumeAll(_ waiters: inout [CheckedContinuation<Void, Never>]) {
        let pending = waiters
        waiters.removeAll()
        for waiter in pending { waiter.resume() }
    }
}
