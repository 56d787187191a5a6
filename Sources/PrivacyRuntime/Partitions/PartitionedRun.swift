import Foundation
import Policy
import Synchronization

/// Runs the policies once per partition this instance holds (a `PipelineRunner` per claimed partition, reading that
/// partition's regions only, with the claim in `RunOptions.lease`), claiming and renewing partitions through leases.
///
/// Every `renewInterval` it renews each claim (compare-and-set on the lease's latest revision) and, while it holds
/// fewer than `maxHeld`, claims free partitions (create-if-absent), starting a pipeline for each: without a
/// checkpoint, a claimed partition is read from the start of the stream, which insert-once sinks make exact. A claim
/// that cannot be renewed stops being valid at its deadline (its writers refuse at once), and its pipeline is told to
/// stop; so is one whose token a sink refused. The run ends at `stop()`, after which the leases still held are released.
public final class PartitionedRun: RuntimeRun {
    private let policies: [Policy]
    private let registry: StageRegistry
    private let options: RunOptions
    private let store: any PartitionLeaseStore
    /// Who claims: written into the lease entries, for operators.
    public let holder: String
    private let stopRequested = Mutex(false)
    private let runners = Mutex<[Int: PipelineRunner]>([:])

    private enum Event: Sendable {
        case tick
        case ended(partition: Int, result: Result<RunSummary, any Error>)
    }

    /// Prepares a run; nothing is claimed until `run()`.
    public init(policies: [Policy], registry: StageRegistry, options: RunOptions, store: any PartitionLeaseStore,
                holder: String = PartitionedRun.defaultHolder()) {
        self.policies = policies
        self.registry = registry
        self.options = options
        self.store = store
        self.holder = holder
    }

    /// `host-pid-random`: unique per process.
    public static func defaultHolder() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        return "\(host)-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    }

    /// Stops every partition's pipeline and ends the run once they have ended.
    public func stop() {
        stopRequested.withLock { $0 = true }
        for runner in runners.withLock({ Array($0.values) }) { runner.stop() }
    }

    private var isStopping: Bool { stopRequested.withLock { $0 } }

    /// Claims, renews and runs partitions until `stop()`; throws when a pipeline fails while its claim is valid.
    public func run() async throws -> RunSummary {
        let started = ContinuousClock.now
        var summary = RunSummary(policies: policies.map(\.name))
        var held: [Int: HeldPartition] = [:]
        var lastRenewal = ContinuousClock.now
        let logger = options.logger
        logger.info("partitioned run", metadata: [
            "holder": "\(holder)", "partitions": "\(store.plan.count)", "max_held": "\(store.plan.maxHeld)",
            "lease_ttl": "\(store.plan.ttl)", "bucket": "\(store.scope)"])
        do {
            try await withThrowingTaskGroup(of: Event.self) { group in
                await claimFree(&held, group: &group)
                group.addTask { try? await Task.sleep(for: .milliseconds(250)); return .tick }
                loop: while let event = try await group.next() {
                    switch event {
                    case .tick:
                        if isStopping {
                            for entry in held.values { entry.runner.stop() }
                            if runners.withLock({ $0.isEmpty }) { break loop }
                        } else {
                            if ContinuousClock.now - lastRenewal >= store.plan.renewInterval {
                                lastRenewal = .now
                                await renew(&held)
                                await claimFree(&held, group: &group)
                            }
                            giveUpLost(&held)
                        }
                        group.addTask { try? await Task.sleep(for: .milliseconds(250)); return .tick }
                    case .ended(let partition, let result):
                        runners.withLock { _ = $0.removeValue(forKey: partition) }
                        try ended(partition, result, &held, into: &summary)
                    }
                }
                group.cancelAll()
            }
        } catch {
            releaseAll(held)
            throw error
        }
        releaseAll(held)
        summary.stopped = isStopping
        let elapsed = ContinuousClock.now - started
        summary.elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return summary
    }

    /// Claims free partitions while fewer than `maxHeld` are held, starting a pipeline for each.
    private func claimFree(_ held: inout [Int: HeldPartition], group: inout ThrowingTaskGroup<Event, any Error>) async {
        let plan = store.plan
        guard !isStopping, held.count < plan.maxHeld else { return }
        // Instances start their search at different partitions, so they rarely race for the same one.
        let offset = Int.random(in: 0..<plan.count)
        for step in 0..<plan.count where held.count < plan.maxHeld {
            let partition = (offset + step) % plan.count
            guard held[partition] == nil else { continue }
            let sentAt = ContinuousClock.now
            let store = self.store, holder = self.holder
            let revision: UInt64?
            do {
                revision = try await CPUBoundWork.run { try store.claim(partition: partition, holder: holder) }
            } catch {
                options.logger.warning("partition \(partition): claim failed: \(error)")
                continue
            }
            guard let revision else { continue }
            let token = FencingToken(scope: store.scope, partition: partition, revision: revision)
            let lease = PartitionLease(token: token, claimedAt: sentAt, validity: plan.validity)
            var runOptions = options
            runOptions.shard = ShardAssignment(index: partition, count: plan.count)
            runOptions.lease = lease
            let runner = PipelineRunner(policies: policies, registry: registry, options: runOptions)
            held[partition] = HeldPartition(lease: lease, lastRevision: revision, runner: runner)
            runners.withLock { $0[partition] = runner }
            options.logger.info("partition \(partition): claimed with token \(revision); reading it from the start of the stream")
            group.addTask {
                do {
                    return .ended(partition: partition, result: .success(try await runner.run()))
                } catch {
                    return .ended(partition: partition, result: .failure(error))
                }
            }
        }
        if held.isEmpty { options.logger.debug("standby: no free partition") }
    }

    /// Renews every valid claim; a renewal that finds the lease expired or claimed by another instance surrenders it.
    private func renew(_ held: inout [Int: HeldPartition]) async {
        let validity = store.plan.validity
        for (partition, entry) in held where entry.lease.isValid {
            let sentAt = ContinuousClock.now
            let store = self.store, holder = self.holder, last = entry.lastRevision
            do {
                if let revision = try await CPUBoundWork.run({ try store.renew(partition: partition, holder: holder, lastRevision: last) }) {
                    held[partition]?.lastRevision = revision
                    entry.lease.extend(sentAt: sentAt, validity: validity)
                } else {
                    entry.lease.surrender("the lease expired or another instance claimed the partition")
                }
            } catch {
                options.logger.warning("partition \(partition): renewal failed (\(error)); the claim stays valid until its deadline")
            }
        }
    }

    /// Stops the pipelines of claims that are no longer valid; one line each.
    private func giveUpLost(_ held: inout [Int: HeldPartition]) {
        for (partition, entry) in held where !entry.givenUp {
            guard let reason = entry.lease.lostReason else { continue }
            options.logger.warning("partition \(partition): token \(entry.lease.token.revision) lost (\(reason)); giving the partition up")
            held[partition]?.givenUp = true
            entry.runner.stop()
            if entry.finished { held[partition] = nil }
        }
    }

    /// A partition's pipeline ended: a failure while the claim is valid ends the run; a lost claim frees the slot.
    private func ended(_ partition: Int, _ result: Result<RunSummary, any Error>, _ held: inout [Int: HeldPartition],
                       into summary: inout RunSummary) throws {
        guard let entry = held[partition] else { return }
        switch result {
        case .success(let partial):
            summary.absorb(partial)
            if entry.lease.isValid && !isStopping {
                held[partition]?.finished = true
                options.logger.info("partition \(partition): input ended; keeping the claim until the run stops")
                return
            }
        case .failure(let error):
            if entry.lease.isValid && !isStopping { throw error }
            options.logger.warning("partition \(partition): pipeline ended after the claim was lost: \(error)")
        }
        if !entry.lease.isValid || entry.givenUp { held[partition] = nil } else { held[partition]?.finished = true }
    }

    /// Releases every claim still valid, so another instance can take the partitions at once.
    private func releaseAll(_ held: [Int: HeldPartition]) {
        for (partition, entry) in held where entry.lease.isValid {
            entry.lease.surrender("released at the end of the run")
            store.release(partition: partition, lastRevision: entry.lastRevision)
        }
    }
}
