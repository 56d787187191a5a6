import Policy
import PrivacyRuntime

/// Registers the `mqtt` source.
///
/// Options: `host` (127.0.0.1), `port` (1883), `topic` (`meters/#`), `format` (`json` | `csv`),
/// `client_id` (default `privacy-runtime-{policy}-{K}of{N}`: stable, so the broker keeps the session),
/// `clean_session` (false), `keepalive` (30s), `username`, `password`, `cafile`, `certfile`,
/// `keyfile` (TLS when `cafile` is set, verifying the broker's certificate and name; required for a broker other than
/// loopback unless `allow_plaintext` names its host), `reconnect_max` (30s), `buffer` (10000 messages),
/// `max_payload_bytes` (65536: a longer payload is rejected as `too_long`, copied no further than its first bytes),
/// `idle_timeout` (end the run after this long without a message; default: run until stopped),
/// `regions` (the deployment's regions: subscribe only to this shard's), `shard` (`K/N`; the
/// `--shard` flag overrides it).
public enum MQTTSourcePlugin {
    /// Adds the `mqtt` source to `registry`.
    public static func register(in registry: inout StageRegistry) {
        registry.register(source: "mqtt") { options in
            let host = options.string("host") ?? "127.0.0.1"
            let port = options.int("port", default: 1883, range: 1...65535)
            let topic = options.string("topic") ?? "meters/#"
            let format = options.choice("format", default: MeterPayloadFormat.json)
            let clientID = options.string("client_id")
            let cleanSession = options.bool("clean_session", default: false)
            let keepalive = options.duration("keepalive", default: PolicyDuration(seconds: 30))!.seconds
            let username = options.string("username")
            let password = options.string("password")
            let caFile = options.path("cafile")
            let certFile = options.path("certfile")
            let keyFile = options.path("keyfile")
            let reconnectMax = options.duration("reconnect_max", default: PolicyDuration(seconds: 30))!.seconds
            let buffer = options.int("buffer", default: 10_000, range: 1...1_000_000)
            let maxPayload = options.int("max_payload_bytes", default: 1 << 16, range: 64...(1 << 24))
            let idleTimeout = options.duration("idle_timeout")
            let regions = options.stringList("regions")
            let shardText = options.string("shard")
            let policyShard = shardText.flatMap { ShardAssignment(parsing: $0) }
            if shardText != nil, policyShard == nil {
                options.error("shard must be K/N with 0 <= K < N, e.g. 0/4", at: "shard")
            }
            if !(5...65535).contains(keepalive) { options.error("keepalive must be between 5s and 18h", at: "keepalive") }
            if !(1...3600).contains(reconnectMax) { options.error("reconnect_max must be between 1s and 1h", at: "reconnect_max") }
            if regions != nil, !topic.hasSuffix("/#") {
                options.error("with 'regions', topic must end in '/#' (e.g. meters/#)", at: "topic")
            }
            if let regions, let bad = regions.first(where: { !MeterTopic.isValidLevel($0) }) {
                options.error("region '\(bad)' cannot be a topic level (empty, or contains '/', '+' or '#')", at: "regions")
            }
            if (certFile == nil) != (keyFile == nil) {
                options.error("certfile and keyfile go together", at: certFile == nil ? "keyfile" : "certfile")
            }
            options.requireVerifiedTLS(host: host, verified: caFile != nil,
                                       how: "set cafile to the CA that signed the broker's certificate", password: password != nil)
            return { context in
                let shard = context.shard ?? policyShard ?? .all
                let configuration = MQTTSourceConfiguration(
                    host: host, port: port, topic: topic, format: format,
                    clientID: clientID ?? "privacy-runtime-\(context.policy.name)-\(shard.index)of\(shard.count)",
                    cleanSession: cleanSession, keepalive: Int(keepalive), username: username, password: password,
                    caFile: caFile?.path, certFile: certFile?.path, keyFile: keyFile?.path,
                    reconnectDelay: 1...Int(reconnectMax), bufferCapacity: buffer, maxPayloadBytes: maxPayload,
                    idleTimeout: idleTimeout.map { .seconds($0.seconds) }, regions: regions, shard: shard)
                context.logger.info("mqtt source", metadata: [
                    "broker": "\(host):\(port)", "shard": "\(shard)", "subscriptions": "\(configuration.subscriptions)"])
                return try MQTTSource(configuration: configuration, logger: context.logger)
            }
        }
    }
}
