import Paillier
import Policy

/// One policy's part of a run: its open windows and the steps that act on them (admission, release), its
/// rejects, its purge log and its count of folded readings. Each step is a type of its own; this holds them.
final class PolicyRun {
    /// The policy.
    let policy: Policy
    /// Index of the policy's encryption group.
    let group: Int
    /// The admission step.
    let admission: ReadingAdmission
    /// The policy's open windows.
    var windows: WindowTable<any WindowAccumulator>
    /// The policy's rejects file and counts.
    let rejections: RejectionRecorder
    /// The release step (suppression, sealing, sinks).
    let release: WindowRelease
    /// The policy's purge log.
    let purgeLog: PurgeLog
    /// Readings folded into this policy's windows.
    var accepted = 0
    /// The key the policy's windows are encrypted under (a checkpoint's ciphertexts are checked against it).
    let publicKey: PaillierPublicKey

    init(policy: Policy, group: Int, publicKey: PaillierPublicKey, aggregator: any WindowAggregator,
         rejections: RejectionRecorder, release: WindowRelease, purgeLog: PurgeLog, registry: RegistryGate? = nil,
         ciphertexts: CiphertextCheck? = nil) {
        self.policy = policy
        self.group = group
        self.publicKey = publicKey
        let schedule = BillingSchedule(policy: policy)
        self.admission = ReadingAdmission(rules: policy.readings, timeZone: policy.timeZone,
                                          ciphertexts: ciphertexts ?? CiphertextCheck(publicKey: publicKey), registry: registry,
                                          billing: schedule)
        let makePayload: () -> any WindowAccumulator = schedule.map { schedule in { BillingAccumulator(publicKey: publicKey, schedule: schedule) } }
            ?? { aggregator.makeAccumulator(publicKey: publicKey) }
        self.windows = WindowTable(
            assigner: WindowAssigner(policy: policy),
            lateness: policy.lateness.seconds, watermark: policy.watermark, scope: policy.scope,
            releases: release.releases, gridInterval: policy.readings.interval, makePayload: makePayload)
        self.rejections = rejections
        self.release = release
        self.purgeLog = purgeLog
    }

    /// What the policy did so far.
    var summary: PolicySummary {
        var summary = PolicySummary(policy: policy.name)
        summary.accepted = accepted
        summary.rejected = rejections.counts
        summary.windowsReleased = release.released
        summary.windowsSuppressed = release.suppressed
        summary.windowsBelowCoverage = release.belowCoverage
        summary.windowsDiscarded = release.discarded
        summary.openWindows = windows.openCount
        summary.windowsIncomplete = release.incomplete
        summary.incompleteAction = policy.release.incomplete
        return summary
    }
}
