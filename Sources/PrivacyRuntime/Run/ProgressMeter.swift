/// Decides when to report progress (about once per `interval`) and computes the rate since the last report.
struct ProgressMeter {
    let interval: Duration
    private var lastTime = ContinuousClock.now
    private var lastRecords = 0

    init(interval: Duration) {
        self.interval = interval
    }

    mutating func tick(records: Int, runs: [PolicyRun], checkpoint: CheckpointStatus? = nil) -> ProgressSnapshot? {
        let now = ContinuousClock.now
        let elapsed = now - lastTime
        guard elapsed >= interval else { return nil }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let snapshot = ProgressSnapshot(
            recordsRead: records, recordsPerSecond: Double(records - lastRecords) / seconds,
            openWindows: runs.reduce(0) { $0 + $1.windows.openCount },
            windowsReleased: runs.reduce(0) { $0 + $1.release.released },
            rejected: runs.reduce(0) { $0 + $1.rejections.total }, policies: runs.map(\.summary), checkpoint: checkpoint)
        lastTime = now
        lastRecords = records
        return snapshot
    }
}
