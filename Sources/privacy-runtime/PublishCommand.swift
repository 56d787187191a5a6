import ArgumentParser
import Foundation
import MQTTSource
import PrivacyRuntimeCLI

/// `privacy-runtime publish --input readings.csv [--host H] [--port P] [--rate N] [--sign-with FLEET-KEYS]`: replays a
/// readings CSV into an MQTT broker as a fleet of meters would publish it (QoS 1, one JSON message per reading
/// on `meters/{region}/{meter_id}`, signed by each meter's key with `--sign-with`). For demos, load tests and batch
/// backfills; not a sink.
struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Replay a readings CSV into an MQTT broker, one QoS 1 message per reading.")

    @Option(help: "CSV with the columns meter_id, region, timestamp, energy_wh.")
    var input: String

    @Option(help: "Broker host.")
    var host = "127.0.0.1"

    @Option(help: "Broker port.")
    var port = 1883

    @Option(help: "Messages per second (default: as fast as the broker acknowledges).")
    var rate: Double?

    @Option(name: .customLong("topic-prefix"), help: "First topic level.")
    var topicPrefix = "meters"

    @Option(name: .customLong("client-id"), help: "MQTT client id (default: privacy-runtime-publish-PID).")
    var clientID: String?

    @Option(help: "Broker user name; the password is read from $MQTT_PASSWORD.")
    var username: String?

    @Option(help: "CA certificate file; turns TLS on.")
    var cafile: String?

    @Option(name: .customLong("sign-with"), help: "A test fleet's key file (PREFIX.fleet-keys.json from registry fleet-keys): sign each reading as its meter.")
    var signWith: String?

    func validate() throws {
        if let rate, rate <= 0 { throw ValidationError("--rate must be positive") }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1...65535") }
    }

    func run() throws {
        do {
            let publisher = try MQTTPublisher(
                host: host, port: port,
                clientID: clientID ?? "privacy-runtime-publish-\(ProcessInfo.processInfo.processIdentifier)",
                username: username, password: ProcessInfo.processInfo.environment["MQTT_PASSWORD"], caFile: cafile)
            var sign: (@Sendable (String, String, String) -> String?)?
            if let signWith {
                let signer = try ReadingSigner(fleetKeysPath: signWith)
                sign = { meter, timestamp, energy in signer.signature(meterID: meter, timestamp: timestamp, energy: energy) }
            }
            let replay = CSVReplay(input: URL(fileURLWithPath: input), topicPrefix: topicPrefix, rate: rate, signer: sign)
            let summary = try replay.run(with: publisher) { problem in
                FileHandle.standardError.write(Data("privacy-runtime: warning: \(problem)\n".utf8))
            }
            let skipped = summary.skipped > 0 ? " (\(summary.skipped) line(s) skipped)" : ""
            FileHandle.standardError.write(Data("published \(summary.published) readings to \(host):\(port)\(skipped)\n".utf8))
        } catch {
            FileHandle.standardError.write(Data("privacy-runtime: error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
