/// A policy's rejects: writes each rejected reading to the policy's rejects file and counts it by reason.
final class RejectionRecorder {
    private let policy: String
    /// The rejects file (shared by policies that name the same one); also used by retention.
    let log: RejectsLog
    /// Rejected readings so far, per reason.
    private(set) var counts: [RejectReason: Int] = [:]

    init(policy: String, log: RejectsLog) {
        self.policy = policy
        self.log = log
    }

    /// All rejected readings so far.
    var total: Int { counts.values.reduce(0, +) }

    /// Writes `rejected`, stamped `now`, and counts it.
    func record(_ rejected: RejectedReading, now: Int64) throws {
        counts[rejected.reason, default: 0] += 1
        try log.write(rejected, policy: policy, now: now)
    }
}
