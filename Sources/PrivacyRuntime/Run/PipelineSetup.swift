import Logging
import Policy

/// Builds a run's stages from its policies: the stream's source (the first policy's), one encryption group
/// per distinct key, obfuscation and resolution, and one `PolicyRun` per policy.
struct PipelineSetup {
    let source: any ReadingSource
    let runs: [PolicyRun]
    let groups: [EncryptionGroup]

    static func build(policies: [Policy], registry: StageRegistry, logger: Logger) async throws -> PipelineSetup {
        guard let first = policies.first else { throw RuntimeError("no policy given") }
        var names = Set<String>()
        for policy in policies where !names.insert(policy.name).inserted {
            throw RuntimeError("two policies are named '\(policy.name)'; policy names must be unique in a run")
        }
        for policy in policies.dropFirst() where policy.source.type != first.source.type {
            logger.warning("policy '\(policy.name)' has source '\(policy.source.type)'; the stream is read from the first policy's source '\(first.source.type)'")
        }
        let source = ShardFilteredSource.wrap(
            try await registry.makeSource(first.source, context: context(first, logger)), shard: ShardAssignment.current)
        var groups: [EncryptionGroup] = []
        var groupIndex: [String: Int] = [:]
        var rejectsLogs: [String: RejectsLog] = [:]
        var purgeLogs: [String: PurgeLog] = [:]
        var runs: [PolicyRun] = []
        for policy in policies {
            let context = context(policy, logger)
            let encryptor = try await registry.makeEncryptor(policy.encrypt, context: context)
            let identity = EncryptionGroup.identity(encryptor, decimalPlaces: policy.readings.decimalPlaces)
            if groupIndex[identity] == nil {
                groupIndex[identity] = groups.count
                groups.append(EncryptionGroup(
                    encryptor: encryptor, purger: try await registry.makePurger(policy.purge, context: context),
                    decimalPlaces: policy.readings.decimalPlaces))
            }
            var sinks: [(label: String, sink: any AggregateSink)] = []
            for config in policy.sinks {
                sinks.append(("sink '\(config.type)' at \(config.location)", try await registry.makeSink(config, context: context)))
            }
            let rejects = rejectsLogs[policy.rejectsBasePath] ?? RejectsLog(basePath: policy.rejectsBasePath)
            rejectsLogs[policy.rejectsBasePath] = rejects
            let purgeLog = try purgeLogs[policy.purgeLogPath] ?? PurgeLog(path: policy.purgeLogPath)
            purgeLogs[policy.purgeLogPath] = purgeLog
            let index = groupIndex[identity]!
            runs.append(PolicyRun(
                policy: policy, group: groups[index], groupIndex: index,
                aggregator: try await registry.makeAggregator(policy.aggregate, context: context),
                sinks: sinks, rejects: rejects, purgeLog: purgeLog))
        }
        return PipelineSetup(source: source, runs: runs, groups: groups)
    }

    private static func context(_ policy: Policy, _ logger: Logger) -> StageContext {
        var logger = logger
        logger[metadataKey: "policy"] = "\(policy.name)"
        return StageContext(policy: policy, logger: logger)
    }

    /// Closes sinks and logs; the first sink error is rethrown after everything was closed.
    func close() async throws {
        await source.close()
        var firstError: (any Error)?
        for run in runs {
            for (label, sink) in run.sinks {
                do { try await sink.close() } catch { firstError = firstError ?? RuntimeError("\(label): \(error)") }
            }
            run.rejects.close()
            run.purgeLog.close()
        }
        if let firstError { throw firstError }
    }
}
