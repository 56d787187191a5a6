import Logging
import Policy
import RuntimeKeys

/// Builds a run's stages from its policies: the stream's source (the first policy's), one encryption group
/// per distinct key, obfuscation and resolution, and one `PolicyRun` per policy.
struct PipelineSetup {
    let source: any ReadingSource
    let runs: [PolicyRun]
    let groups: [EncryptionGroup]
    /// The joint release of region and household policies, when the run has both.
    let joint: JointRelease?
    /// The first policy's runtime key (the source's), which seals checkpoints; nil when it names none.
    let runtimeKey: RuntimeKey?

    static func build(policies: [Policy], registry: StageRegistry, options: RunOptions) async throws -> PipelineSetup {
        guard let first = policies.first else { throw RuntimeError.invalidRun("no policy given") }
        var names = Set<String>()
        for policy in policies where !names.insert(policy.name).inserted {
            throw RuntimeError.invalidRun("two policies are named '\(policy.name)'; policy names must be unique in a run")
        }
        let plan: JointReleasePlan?
        do {
            plan = try JointReleasePlan.make(for: policies)
        } catch {
            throw RuntimeError.invalidRun("these policies cannot run together: \(error)")
        }
        let noisePlans: [NoisePlan?]
        do {
            try NoisePlan.checkCombination(policies)
            noisePlans = try policies.map { try NoisePlan(policy: $0) }
        } catch {
            throw RuntimeError.invalidRun("\(error)")
        }
        // Registries are verified before anything connects: a bad signature stops the run here.
        var registries = RegistryGate.Shared()
        let gates = try policies.map { try registries.gate(for: $0) }
        for policy in policies.dropFirst() where policy.source.type != first.source.type {
            options.logger.warning("policy '\(policy.name)' has source '\(policy.source.type)'; the stream is read from the first policy's source '\(first.source.type)'")
        }
        let sourceContext = try context(first, options)
        let source = ShardFilteredSource.wrap(
            try await registry.makeSource(first.source, context: sourceContext), shard: options.shard)
        var groups: [EncryptionGroup] = []
        var groupIndex: [String: Int] = [:]
        var rejectsLogs: [String: RejectsLog] = [:]
        var purgeLogs: [String: PurgeLog] = [:]
        var runs: [PolicyRun] = []
        var ciphertextChecks = CiphertextCheck.Shared()
        for policy in policies {
            let context = try context(policy, options)
            let encryptor = try await registry.makeEncryptor(policy.encrypt, context: context)
            let identity = EncryptionGroup.identity(encryptor, decimalPlaces: policy.readings.decimalPlaces)
            if groupIndex[identity] == nil {
                groupIndex[identity] = groups.count
                groups.append(EncryptionGroup(
                    encryptor: encryptor, purger: try await registry.makePurger(policy.purge, context: context),
                    decimalPlaces: policy.readings.decimalPlaces, policies: []))
            }
            let group = groupIndex[identity]!
            groups[group].policies.append(runs.count)
            var sinks: [(label: String, sink: any AggregateSink)] = []
            for config in policy.sinks {
                sinks.append(("sink '\(config.type)' at \(config.location)", try await registry.makeSink(config, context: context)))
            }
            let rejectsPath = policy.rejectsBasePath(registry: registry)
            let rejects = rejectsLogs[rejectsPath] ?? RejectsLog(basePath: rejectsPath)
            rejectsLogs[rejectsPath] = rejects
            let purgeLogPath = policy.purgeLogPath(besideRejects: rejectsPath)
            let purgeLog = try purgeLogs[purgeLogPath] ?? PurgeLog(path: purgeLogPath)
            purgeLogs[purgeLogPath] = purgeLog
            let releases = try ReleaseTracker(
                file: ReleaseStateFile(
                    path: policy.releaseStatePath(besideRejects: rejectsPath, shard: options.shard, stateDirectory: options.stateDirectory),
                    policy: policy.name, shard: options.shard, runtimeKey: context.runtimeKey),
                sourceReplays: source.replaysFromStart)
            runs.append(PolicyRun(
                policy: policy, group: group, publicKey: encryptor.publicKey,
                aggregator: try await registry.makeAggregator(policy.aggregate, context: context),
                rejections: RejectionRecorder(policy: policy.name, log: rejects, runtimeKey: context.runtimeKey),
                release: WindowRelease(policy: policy, sinks: sinks, purgeLog: purgeLog, releases: releases,
                                       signer: context.runtimeKey,
                                       noise: try noisePlans[runs.count].map { try WindowNoise(plan: $0, publicKey: encryptor.publicKey) }),
                purgeLog: purgeLog,
                registry: gates[runs.count], ciphertexts: ciphertextChecks.check(for: encryptor.publicKey, policy: policy)))
        }
        return PipelineSetup(source: source, runs: runs, groups: groups, joint: plan.map { JointRelease(plan: $0, runs: runs) },
                             runtimeKey: sourceContext.runtimeKey)
    }

    /// The context of `policy`'s stages; loads the policy's runtime key, if it names one.
    private static func context(_ policy: Policy, _ options: RunOptions) throws -> StageContext {
        var logger = options.logger
        logger[metadataKey: "policy"] = "\(policy.name)"
        return StageContext(policy: policy, logger: logger, shard: options.shard, runtimeKey: try RuntimeKey.load(for: policy),
                            lease: options.lease)
    }

    /// Every sink of every policy, with its label.
    var sinks: [(label: String, sink: any AggregateSink)] { runs.flatMap(\.release.sinks) }

    /// Closes every sink; the first error is rethrown after all were closed.
    func closeSinks() async throws {
        var firstError: (any Error)?
        for (label, sink) in sinks {
            do { try await sink.close() } catch { firstError = firstError ?? RuntimeError.stageFailed("\(label): \(error)") }
        }
        if let firstError { throw firstError }
    }

    /// Closes the source and every policy's logs.
    func closeSourceAndLogs() async {
        await source.close()
        for run in runs {
            run.rejections.log.close()
            run.purgeLog.close()
        }
    }
}
