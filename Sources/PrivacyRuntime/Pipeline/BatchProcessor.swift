/// Takes each input batch through the pipeline's steps, in order: check the readings encrypted at the meter (on every
/// core, `CiphertextVerdicts`; in a run, the reader checks each batch as it reads it, so the checks of the next batch
/// overlap this one's admission and fold) → admit (per policy) → encrypt (once per encryption group: its readings, or per window
/// the E(0)s of the windows the batch opens) → fold (which checks the coprimality of readings encrypted at the meter
/// and hands back those that fail, taken back out of their windows and rejected) → purge, then the purge log from the purger's count → close the
/// windows the watermarks passed → release them (region and household policies together through their
/// `JointRelease`). The batch's readings live in one `GroupBatch` per group throughout.
struct BatchProcessor {
    let runs: [PolicyRun]
    let groups: [EncryptionGroup]
    /// The joint release of region and household policies, when the run has both.
    let joint: JointRelease?

    /// The checks of readings encrypted at the meter the batches need (`CiphertextVerdicts.reach`), one per key among
    /// the policies that accept such readings.
    static func ciphertextChecks(of runs: [PolicyRun]) -> [CiphertextCheck] {
        runs.filter { $0.admission.rules.encoding.acceptsEncrypted }.map(\.admission.ciphertexts)
    }

    /// Processes one input batch, with the `verdicts` of `ciphertextChecks(of:)` on it when reached before (nil: reached
    /// here); empties each item's input line once every policy has admitted or rejected it.
    func process(_ items: inout [SourceItem], verdicts reached: CiphertextVerdicts? = nil, now: Int64) async throws {
        let verdicts = if let reached { reached } else {
            try await CiphertextVerdicts.reach(for: items, checks: Self.ciphertextChecks(of: runs))
        }
        var batches = try admit(&items, verdicts: verdicts, now: now)
        for index in groups.indices { try await batches[index].encrypt(with: groups[index].encryptor) }
        var folded = Array(repeating: 0, count: runs.count)
        for batch in batches {
            for refused in try await batch.fold(countingInto: &folded) { try takeBack(refused, items: items, now: now) }
        }
        for index in items.indices where items[index].isEncryptedRecord { items[index].dropRawText() }
        for (run, count) in zip(runs, folded) { run.accepted += count }
        for index in groups.indices { try purge(&batches[index], of: groups[index], folded: folded, now: now) }
        if let joint {
            try await joint.step(now: now)
        } else {
            for run in runs { try await run.release.release(run.windows.takeClosed(), now: now) }
        }
    }

    /// End of input closes every window; a stop applies each policy's `on_shutdown`.
    func finish(stopped: Bool, now: Int64) async throws {
        if let joint { return try await joint.finish(stopped: stopped, now: now) }
        for run in runs {
            let windows = run.windows.closeAll()
            if stopped && run.policy.onShutdown == .discard {
                try await run.release.discard(windows, now: now)
            } else {
                try await run.release.release(windows, now: now)
            }
        }
    }

    /// Offers every record to every policy, in input order (readings encrypted at the meter with the `verdicts`
    /// reached on them before); accepted readings go into their group's batch, rejected ones to the policy's rejects
    /// (with the HMAC of the input line), after which the line's text is dropped: at once for a plain reading (it holds
    /// the value), after the fold for one encrypted at the meter (which the fold may still refuse).
    private func admit(_ items: inout [SourceItem], verdicts: CiphertextVerdicts, now: Int64) throws -> [GroupBatch] {
        var batches = groups.map { GroupBatch(encryptor: $0.encryptor, capacity: items.count) }
        for item in items.indices {
            defer { if !items[item].isEncryptedRecord { items[item].dropRawText() } }
            switch items[item] {
            case .malformed(let rejected):
                for run in runs { try run.rejections.record(rejected, now: now) }
            case .record(let record):
                for (policy, run) in runs.enumerated() {
                    let checked = verdicts.verdict(item: item, check: run.admission.ciphertexts)
                    var outcome = run.admission.admit(record, into: &run.windows, now: now, checked: checked)
                    if case .rejected(let rejected) = outcome, rejected.reason == .duplicate,
                       let withdrawn = batches[run.group].withdrawNonUnit(
                           policy: policy, meterID: record.meterID, timestamp: record.timestamp, items: items) {
                        try takeBack(withdrawn, items: items, now: now)
                        outcome = run.admission.admit(record, into: &run.windows, now: now, checked: checked)
                    }
                    switch outcome {
                    case .accepted(let value, let window):
                        batches[run.group].add(value, item: item, policy: policy, window: window, timestamp: record.timestamp)
                    case .rejected(let rejected):
                        try run.rejections.record(rejected, now: now)
                    }
                }
            }
        }
        return batches
    }

    /// Takes a reading the fold refused back out of its window (as if admission had refused it: its meter and
    /// timestamp forgotten, the window dropped when nothing else is in it) and records it in the policy's rejects.
    /// The meter's clock stays counted in the watermark: the reading's time was admissible.
    private func takeBack(_ refused: GroupBatch.RefusedFold, items: [SourceItem], now: Int64) throws {
        guard case .record(let record) = items[refused.item] else { return }
        let run = runs[refused.policy]
        refused.window.forget(meterID: record.meterID, timestamp: refused.timestamp)
        if refused.window.readings == 0 { run.windows.discard(refused.window) }
        try run.rejections.record(RejectedReading(
            position: record.position, rawText: record.rawText, reason: .badCiphertext,
            detail: "\(run.admission.ciphertexts.publicKey.ciphertextNotCoprime)", meterID: record.meterID,
            timestamp: record.timestamp), now: now)
    }

    /// Destroys the group's readings, then records in each of its policies' purge logs what the purger destroyed.
    private func purge(_ batch: inout GroupBatch, of group: EncryptionGroup, folded: [Int], now: Int64) throws {
        guard batch.count > 0 else { return }
        let readings = batch.count
        let destroyed = batch.purge(with: group.purger)
        for policy in group.policies where folded[policy] > 0 {
            let run = runs[policy]
            try run.purgeLog.record(PurgeEntry(
                action: .readingsDestroyed, at: now, count: destroyed, policy: run.policy.name,
                detail: "\(destroyed) of the batch's \(readings) readings destroyed by the '\(run.policy.purge.type)' purge after folding (\(folded[policy]) into this policy's windows): wiped: the runtime's own buffer of the batch's plaintext values (reserved for the whole batch, so never moved, and overwritten with zeros by explicit_bzero), ciphertexts released; not wiped: Swift Strings that held input lines or parsed fields (dropped after admission, freed unwiped), the parsed records' decimal values, nor what libmosquitto, libnats or OpenSSL keep"))
        }
    }
}
