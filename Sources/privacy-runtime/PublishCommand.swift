import ArgumentParser
import Foundation
import MQTTSource
import NATSSource
import PrivacyRuntime
import PrivacyRuntimeCLI

/// `privacy-runtime publish --input readings.csv [--host H] [--port P] [--rate N] [--sign-with FLEET-KEYS]`: replays
/// a readings CSV into an MQTT broker as a fleet of meters would publish it (QoS 1, one JSON message per reading
/// on `meters/{region}/{meter_id}`, signed by each meter's key with `--sign-with`); with `--nats URL`, into NATS
/// JetStream on `meters.{region}.{meter_id}`, each reading acknowledged by the stream that stores it (the safe
/// ingest path, see README). For demos, load tests and batch backfills; not a sink.
struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Replay a readings CSV into an MQTT broker (QoS 1) or NATS JetStream (--nats, stream acknowledgements), one message per reading.")

    @Option(help: "CSV with the columns meter_id, region, timestamp, energy_wh.")
    var input: String

    @Option(help: "NATS server URL(s), e.g. nats://127.0.0.1:4222: publish into JetStream and wait for the stream's acknowledgements instead of MQTT.")
    var nats: String?

    @Option(help: "NATS credentials file (.creds), with --nats.")
    var credentials: String?

    @Option(name: .customLong("create-stream"), help: "With --nats: create a file-backed stream of this name on '{topic-prefix}.>' first, unless it exists (for trying things out).")
    var createStream: String?

    @Option(help: "Broker host (MQTT).")
    var host = "127.0.0.1"

    @Option(help: "Broker port (MQTT).")
    var port = 1883

    @Option(help: "Messages per second (default: as fast as the broker acknowledges).")
    var rate: Double?

    @Option(name: .customLong("topic-prefix"), help: "First topic level (MQTT) or subject token(s) (NATS).")
    var topicPrefix = "meters"

    @Option(name: .customLong("client-id"), help: "MQTT client id (default: privacy-runtime-publish-PID).")
    var clientID: String?

    @Option(help: "User name; the password is read from $MQTT_PASSWORD (MQTT) or $NATS_PASSWORD (--nats).")
    var username: String?

    @Option(help: "CA certificate file; turns TLS on.")
    var cafile: String?

    @Option(name: .customLong("sign-with"), help: "A test fleet's key file (PREFIX.fleet-keys.json from registry fleet-keys): sign each reading as its meter.")
    var signWith: String?

    @Option(name: .customLong("encrypt-with"), help: "The utility's public key (KEY.pub.json): encrypt each reading as its meter would, in integer units of --resolution, for a policy with readings.encoding: encrypted or either.")
    var encryptWith: String?

    @Option(help: "With --encrypt-with: Wh per integer unit, the policy's readings.resolution (a power of ten).")
    var resolution = "0.001"

    @Option(help: "Write the messages as JSON Lines to this new file (for a jsonl source) instead of publishing them.")
    var output: String?

    func validate() throws {
        if let rate, rate <= 0 { throw ValidationError("--rate must be positive") }
        if credentials != nil || createStream != nil, nats == nil { throw ValidationError("--credentials and --create-stream go with --nats") }
        if credentials != nil, username != nil { throw ValidationError("use --username or --credentials, not both") }
        if nats != nil, username != nil, ProcessInfo.processInfo.environment["NATS_PASSWORD"] == nil {
            throw ValidationError("--username with --nats takes the password from $NATS_PASSWORD, which is not set")
        }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1...65535") }
        if output != nil, nats != nil { throw ValidationError("--output writes a file; it does not go with --nats") }
        if encryptWith == nil, resolution != "0.001" { throw ValidationError("--resolution goes with --encrypt-with") }
        guard Self.decimalPlaces(resolution) != nil else {
            throw ValidationError("--resolution '\(resolution)' is not a power of ten from 1 to 0.000000001 (e.g. 0.001)")
        }
    }

    /// Fraction digits of a resolution written as 1, 0.1, …, 0.000000001; nil for anything else.
    private static func decimalPlaces(_ text: String) -> Int? {
        if text == "1" { return 0 }
        guard text.hasPrefix("0."), text.hasSuffix("1") else { return nil }
        let digits = text.dropFirst(2)
        guard digits.dropLast().allSatisfy({ $0 == "0" }), (1...9).contains(digits.count) else { return nil }
        return digits.count
    }

    func run() throws {
        do {
            var sign: (@Sendable (String, String, CSVReplay.PublishedValue) -> String?)?
            if let signWith {
                let signer = try ReadingSigner(fleetKeysPath: signWith)
                sign = { meter, timestamp, value in signer.signature(meterID: meter, timestamp: timestamp, value: value) }
            }
            let encryptor = try encryptWith.map { path in
                try MeterValueEncryptor(publicKeyFile: URL(fileURLWithPath: path), decimalPlaces: Self.decimalPlaces(resolution)!)
            }
            let replay = CSVReplay(input: URL(fileURLWithPath: input), topicPrefix: topicPrefix, rate: rate, signer: sign,
                                   encryptor: encryptor)
            let warn = { (problem: String) in
                FileHandle.standardError.write(Data("privacy-runtime: warning: \(problem)\n".utf8))
            }
            let summary: CSVReplay.Summary
            let destination: String
            if let output {
                summary = try replay.run(with: try JSONLinesMessageWriter(path: output), problems: warn)
                destination = output
            } else if let nats {
                let environment = ProcessInfo.processInfo.environment
                let publisher = try NATSPublisher(settings: NATSConnectionSettings(
                    url: nats, name: "privacy-runtime-publish", username: username,
                    password: username == nil ? nil : environment["NATS_PASSWORD"], credentialsFile: credentials, caFile: cafile))
                if let createStream, try publisher.createStreamIfMissing(name: createStream, subjects: ["\(topicPrefix).>"]) {
                    FileHandle.standardError.write(Data("created stream \(createStream) on \(topicPrefix).>\n".utf8))
                }
                summary = try replay.run(with: publisher, problems: warn)
                destination = "the JetStream stream at \(nats) (each acknowledged by the stream)"
            } else {
                let publisher = try MQTTPublisher(
                    host: host, port: port,
                    clientID: clientID ?? "privacy-runtime-publish-\(ProcessInfo.processInfo.processIdentifier)",
                    username: username, password: ProcessInfo.processInfo.environment["MQTT_PASSWORD"], caFile: cafile)
                summary = try replay.run(with: publisher, problems: warn)
                destination = "\(host):\(port)"
            }
            let skipped = summary.skipped > 0 ? " (\(summary.skipped) line(s) skipped)" : ""
            FileHandle.standardError.write(Data("published \(summary.published) readings to \(destination)\(skipped)\n".utf8))
        } catch {
            FileHandle.standardError.write(Data("privacy-runtime: error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
