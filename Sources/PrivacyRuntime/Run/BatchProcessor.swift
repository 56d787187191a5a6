/// Processes input batches for all policies: admit each record per policy, encrypt once per group, fold,
/// purge, then seal and release the windows the watermarks closed.
struct BatchProcessor {
    let runs: [PolicyRun]
    let groups: [EncryptionGroup]
    private var slots: [Int]

    init(runs: [PolicyRun], groups: [EncryptionGroup]) {
        self.runs = runs
        self.groups = groups
        self.slots = Array(repeating: -1, count: groups.count)
    }

    mutating func process(_ batch: [SourceItem], now: Int64) async throws {
        for item in batch {
            switch item {
            case .malformed(let rejected):
                for run in runs { try run.reject(rejected, now: now) }
            case .record(let record):
                for index in slots.indices { slots[index] = -1 }
                for run in runs {
                    guard let window = try run.admit(record, now: now) else { continue }
                    let group = run.group
                    if slots[run.groupIndex] < 0 {
                        slots[run.groupIndex] = group.values.count
                        // The units are the same for every policy of a group (same resolution).
                        group.values.append(record.value.units(decimalPlaces: group.decimalPlaces)!)
                    }
                    run.pending.append((window, slots[run.groupIndex]))
                }
            }
        }
        for group in groups { try await group.encrypt() }
        for run in runs { try run.foldPending(now: now) }
        for group in groups { group.purge() }
        for run in runs { try await run.release(run.table.takeClosed(), now: now) }
    }

    /// End of input closes every window; a stop applies each policy's `on_shutdown`.
    mutating func finish(stopped: Bool, now: Int64) async throws {
        for run in runs {
            let windows = run.table.closeAll()
            if stopped && run.policy.onShutdown == .discard {
                try run.discard(windows, now: now)
            } else {
                try await run.release(windows, now: now)
            }
        }
    }
}
