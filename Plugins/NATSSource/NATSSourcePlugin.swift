import Policy
import PrivacyRuntime

/// Registers the `nats` source.
///
/// Options: `url` (`nats://127.0.0.1:4222`; comma-separated for a cluster; `tls://` turns TLS on), `stream` (default:
/// the stream that captures the subject), `subject` (`meters.>`), `format` (`json` | `csv`), `start_sequence` (1:
/// the whole stream), `username` and `password`, or `token`, or `credentials` (a `.creds` file), `cafile`, `certfile`,
/// `keyfile`, `tls_hostname` (TLS when `cafile` is set), `fetch` (256 messages per pull request), `buffer` (10000
/// messages), `max_payload_bytes` (65536: a longer payload is rejected as `too_long`), `idle_timeout` (end the run
/// after this long without a message; default: run until stopped), `inactive_threshold` (5m: how long the server keeps
/// the consumer of a reader that stopped fetching). `--shard K/N` skips other shards' regions. A server other than
/// loopback needs TLS verified against `cafile`, unless `allow_plaintext:` names that host.
///
/// Partitions (`NATSPartitioning`): `partitions` (P) maps regions to P partitions by the jump hash of `--shard`;
/// instances claim them through leases in the key-value bucket `lease_bucket` (`privacy_runtime_leases`) with
/// `lease_ttl` (10s; `lease_replicas` copies of a new bucket, default 1), each holding at most `max_partitions`
/// (default: all P), and read only their partitions' regions.
/// Checkpoints: `checkpoint_every` (e.g. `5s`; absent: none) checkpoints the pipeline's state, sealed under the
/// policy's `runtime_key`, into the key-value bucket `checkpoint_bucket` (`privacy-runtime-checkpoints`, created when
/// missing, on the same servers) in chunks of at most `checkpoint_chunk_bytes` (1 MiB); a restart resumes after the
/// latest checkpoint's stream sequence instead of `start_sequence`.
public enum NATSSourcePlugin {
    /// Adds the `nats` source to `registry`.
    public static func register(in registry: inout StageRegistry) {
        registry.register(source: "nats") { options in
            let section = NATSSourcePlugin.readSection(&options)
            let connection = section.connection, stream = section.stream, subject = section.subject
            let startSequence = section.startSequence, format = section.format, fetch = section.fetch, buffer = section.buffer
            let maxPayload = section.maxPayload, idleTimeout = section.idleTimeout, inactive = section.inactive
            return { context in
                let shard = context.shard ?? .all
                var configuration = NATSSourceConfiguration(
                    connection: connection, stream: stream, subject: subject, startSequence: UInt64(startSequence), format: format,
                    fetchCount: fetch, bufferCapacity: buffer, maxPayloadBytes: maxPayload,
                    idleTimeout: idleTimeout.map { .seconds($0.seconds) }, inactiveThreshold: .seconds(inactive), shard: shard)
                var checkpoints: CheckpointSettings?
                var resumed: StoredCheckpoint?
                if let plan = section.checkpoints {
                    guard context.runtimeKey != nil else { throw CheckpointError.noRuntimeKey(policy: context.policy.name) }
                    let store = try NATSCheckpointStore(
                        settings: connection, bucket: plan.bucket,
                        name: NATSCheckpointStore.keyName(policy: context.policy.name, shard: context.shard),
                        chunkBytes: plan.chunkBytes, lease: context.lease)
                    resumed = try await store.load()
                    if let resumed {
                        configuration.startSequence = resumed.sequence + 1
                        configuration.resumesCheckpoint = true
                    }
                    checkpoints = CheckpointSettings(store: store, interval: .seconds(plan.every.seconds), stream: stream ?? "subject \(subject)")
                }
                context.logger.info("nats source", metadata: [
                    "server": "\(connection.url)", "stream": "\(stream ?? "(by subject)")", "subject": "\(subject)",
                    "start_sequence": "\(configuration.startSequence)", "shard": "\(shard)",
                    "checkpoint": "\(resumed.map { "resuming after sequence \($0.sequence)" } ?? (checkpoints == nil ? "none" : "none yet"))"])
                return try NATSSource(configuration: configuration, logger: context.logger, checkpoints: checkpoints, resumedFrom: resumed)
            }
        }
        registry.register(leaseStore: "nats") { options in
            let section = NATSSourcePlugin.readSection(&options)
            guard let partitioning = section.partitioning else { return nil }
            return { context in
                let store = try NATSLeaseStore(settings: section.connection, bucket: partitioning.bucket, plan: partitioning.plan,
                                               replicas: partitioning.replicas)
                context.logger.info("nats leases", metadata: [
                    "bucket": "\(partitioning.bucket)", "partitions": "\(partitioning.plan.count)",
                    "max_partitions": "\(partitioning.plan.maxHeld)", "lease_ttl": "\(partitioning.plan.ttl)"])
                return store
            }
        }
    }
}

extension NATSSourcePlugin {
    /// Reads and checks every key of a `nats` source section (both the source's and the lease store's factory read
    /// all of them, so neither reports the other's keys as unknown).
    static func readSection(_ options: inout StageOptions) -> NATSSourceSection {
        let connection = NATSConnectionSettings(
            url: options.string("url") ?? "nats://127.0.0.1:4222", name: "privacy-runtime",
            username: options.string("username"), password: options.string("password"), token: options.string("token"),
            credentialsFile: options.path("credentials")?.path, caFile: options.path("cafile")?.path,
            certFile: options.path("certfile")?.path, keyFile: options.path("keyfile")?.path,
            tlsHostname: options.string("tls_hostname"))
        let stream = options.string("stream")
        let subject = options.string("subject") ?? "meters.>"
        let startSequence = options.int("start_sequence", default: 1, range: 1...Int.max)
        let format = options.choice("format", default: MeterPayloadFormat.json)
        let fetch = options.int("fetch", default: 256, range: 1...10_000)
        let buffer = options.int("buffer", default: 10_000, range: 1...1_000_000)
        let maxPayload = options.int("max_payload_bytes", default: 1 << 16, range: 64...(1 << 24))
        let idleTimeout = options.duration("idle_timeout")
        let inactive = options.duration("inactive_threshold", default: PolicyDuration(seconds: 300))!.seconds
        for problem in connection.problems { options.error(problem.message, at: problem.key) }
        for (index, host) in connection.hosts.enumerated() {
            options.requireVerifiedTLS(
                host: host, verified: connection.caFile != nil, how: "set cafile to the CA that signed the servers' certificates",
                password: index == 0 && (connection.password != nil || connection.token != nil), key: "url")
        }
        if !MeterSubject.isValidFilter(subject) {
            options.error("subject '\(subject)' is not a NATS subject filter (dot-separated tokens; '*' a whole token, '>' the last)", at: "subject")
        }
        if let stream, stream.isEmpty || stream.contains(where: { $0 == "." || $0 == "*" || $0 == ">" || $0 == "/" || $0.isWhitespace }) {
            options.error("stream '\(stream)' is not a stream name (no '.', '*', '>', '/' or white space)", at: "stream")
        }
        if !(10...86_400).contains(inactive) { options.error("inactive_threshold must be between 10s and 24h", at: "inactive_threshold") }
        let partitioning = NATSPartitioning.read(&options)
        if let partitioning { options.outline.partitions = partitioning.plan.count }
        return NATSSourceSection(
            connection: connection, stream: stream, subject: subject, startSequence: startSequence, format: format,
            fetch: fetch, buffer: buffer, maxPayload: maxPayload, idleTimeout: idleTimeout, inactive: inactive,
            partitioning: partitioning, checkpoints: readCheckpoints(&options, url: connection.url))
    }

    /// Reads `checkpoint_every`, `checkpoint_bucket` and `checkpoint_chunk_bytes`; nil without `checkpoint_every`.
    private static func readCheckpoints(_ options: inout StageOptions, url: String) -> NATSCheckpointPlan? {
        let checkpointEvery = options.duration("checkpoint_every")
        let bucket = options.string("checkpoint_bucket") ?? "privacy-runtime-checkpoints"
        let chunkBytes = options.int("checkpoint_chunk_bytes", default: 1 << 20, range: 1024...(64 << 20))
        if bucket.isEmpty || bucket.contains(where: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) || !bucket.allSatisfy(\.isASCII) {
            options.error("checkpoint_bucket '\(bucket)' is not a bucket name (letters, digits, '-' and '_')", at: "checkpoint_bucket")
        }
        guard let every = checkpointEvery else { return nil }
        if !(1...3600).contains(every.seconds) { options.error("checkpoint_every must be between 1s and 1h", at: "checkpoint_every") }
        options.outline.checkpoints = "every \(every) into NATS key-value bucket '\(bucket)' at \(url), sealed under the runtime key"
        return NATSCheckpointPlan(every: every, bucket: bucket, chunkBytes: chunkBytes)
    }
}
