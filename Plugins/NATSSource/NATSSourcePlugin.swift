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
public enum NATSSourcePlugin {
    /// Adds the `nats` source to `registry`.
    public static func register(in registry: inout StageRegistry) {
        registry.register(source: "nats") { options in
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
            return { context in
                let shard = context.shard ?? .all
                let configuration = NATSSourceConfiguration(
                    connection: connection, stream: stream, subject: subject, startSequence: UInt64(startSequence), format: format,
                    fetchCount: fetch, bufferCapacity: buffer, maxPayloadBytes: maxPayload,
                    idleTimeout: idleTimeout.map { .seconds($0.seconds) }, inactiveThreshold: .seconds(inactive), shard: shard)
                context.logger.info("nats source", metadata: [
                    "server": "\(connection.url)", "stream": "\(stream ?? "(by subject)")", "subject": "\(subject)",
                    "start_sequence": "\(startSequence)", "shard": "\(shard)"])
                return try NATSSource(configuration: configuration, logger: context.logger)
            }
        }
    }
}
