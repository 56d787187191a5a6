/// Applies each policy's `retention:`: deletes expired aggregates from sinks that can delete and expired
/// rejects files, and records every deletion in the purge log.
enum RetentionEnforcer {
    static func enforce(_ runs: [PolicyRun], now: Int64, options: RunOptions) async throws {
        for run in runs {
            let policy = run.policy
            if let keep = policy.retention.aggregates {
                let cutoff = now - keep.seconds
                for (label, sink) in run.release.sinks {
                    guard let sink = sink as? any RetentionCapableSink else { continue }
                    let deleted = try await sink.deleteAggregates(olderThan: cutoff)
                    guard deleted > 0 else { continue }
                    options.logger.info("retention: deleted \(deleted) aggregates older than \(keep) from \(label)", metadata: ["policy": "\(policy.name)"])
                    try run.purgeLog.record(PurgeEntry(
                        action: .aggregatesDeleted, at: now, count: deleted, policy: policy.name,
                        detail: "\(label): windows ending at or before \(RFC3339.format(cutoff)) (retention \(keep))"))
                }
            }
            let keep = policy.retention.rejected
            let deleted = try run.rejections.log.deleteFiles(endingAtOrBefore: now - keep.seconds)
            guard !deleted.isEmpty else { continue }
            options.logger.info("retention: deleted \(deleted.count) rejects files older than \(keep)", metadata: ["policy": "\(policy.name)"])
            try run.purgeLog.record(PurgeEntry(
                action: .rejectsDeleted, at: now, count: deleted.count, policy: policy.name,
                detail: "rejects files older than \(keep): \(deleted.joined(separator: ", "))"))
        }
    }
}
