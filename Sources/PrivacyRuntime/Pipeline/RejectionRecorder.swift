import RuntimeKeys

/// A policy's rejects: writes each rejected reading to the policy's rejects file and counts it by reason.
final class RejectionRecorder {
    private let policy: String
    /// The policy's runtime key, for the HMAC of each rejected line (none when the policy names none).
    private let runtimeKey: RuntimeKey?
    /// The rejects file (shared by policies that name the same one); also used by retention.
    let log: RejectsLog
    /// Rejected readings so far, per reason.
    private(set) var counts: [RejectReason: Int] = [:]

    init(policy: String, log: RejectsLog, runtimeKey: RuntimeKey?) {
        self.policy = policy
        self.log = log
        self.runtimeKey = runtimeKey
    }

    /// All rejected readings so far.
    var total: Int { counts.values.reduce(0, +) }

    /// Writes `rejected`, stamped `now`, and counts it.
    func record(_ rejected: RejectedReading, now: Int64) throws {
        counts[rejected.reason, default: 0] += 1
        try log.write(rejected, policy: policy, mac: runtimeKey.map { $0.mac(Array(rejected.rawText.utf8)) }, now: now)
    }
}
