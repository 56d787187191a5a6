import Foundation
import XCTest

/// The loopback PostgreSQL, mosquitto and nats-server that `scripts/services.sh start` runs, read from its env file.
///
/// Missing services fail the test under CI (`CI=true`) and skip it elsewhere, with the command that starts them.
struct TestServices {
    let values: [String: String]

    var pgHost: String { values["PGHOST"]! }
    var pgPort: Int { Int(values["PGPORT"]!)! }
    var pgUser: String { values["PGUSER"]! }
    var pgPassword: String { values["PGPASSWORD"]! }
    var pgDatabase: String { values["PGDATABASE"]! }
    var mqttHost: String { values["MQTT_HOST"]! }
    var mqttPort: Int { Int(values["MQTT_PORT"]!)! }
    var mqttAuthPort: Int { Int(values["MQTT_AUTH_PORT"]!)! }
    var mqttUser: String { values["MQTT_USER"]! }
    var mqttPassword: String { values["MQTT_PASSWORD"]! }
    var mqttTLSPort: Int { Int(values["MQTT_TLS_PORT"]!)! }
    var mqttMutualTLSPort: Int { Int(values["MQTT_MTLS_PORT"]!)! }
    var mqttTLSCA: String { values["MQTT_TLS_CA"]! }
    var mqttTLSOtherCA: String { values["MQTT_TLS_OTHER_CA"]! }
    var mqttTLSClientCert: String { values["MQTT_TLS_CLIENT_CERT"]! }
    var mqttTLSClientKey: String { values["MQTT_TLS_CLIENT_KEY"]! }

    /// The nats-server (JetStream) entries; an env file written before NATS joined the services lacks them.
    func nats() throws -> (url: String, user: String, password: String, tlsURL: String, tlsCA: String) {
        guard let url = values["NATS_URL"], let user = values["NATS_USER"], let password = values["NATS_PASSWORD"],
              let tlsURL = values["NATS_TLS_URL"], let tlsCA = values["NATS_TLS_CA"] else {
            throw TestServicesError(message: "the services' env file has no NATS_* entries; restart the services with `scripts/services.sh start`")
        }
        return (url, user, password, tlsURL, tlsCA)
    }

    /// The three-node cluster's URLs (`scripts/services.sh nats-cluster-start`); nil when it is not running.
    var natsClusterURL: String? { values["NATS_CLUSTER_URL"] }

    /// Loads the env file, or skips (locally) / fails (CI) the calling test.
    static func require() throws -> TestServices {
        let path = ProcessInfo.processInfo.environment["PRIVACY_RUNTIME_SERVICES_ENV"]
            ?? "/tmp/privacy-runtime-services/env"
        let message = "PostgreSQL/mosquitto/NATS test services are not running (no \(path)); start them with `scripts/services.sh start`"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                throw TestServicesError(message: message)
            }
            throw XCTSkip(message)
        }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        for key in ["PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "MQTT_HOST", "MQTT_PORT", "MQTT_AUTH_PORT", "MQTT_USER", "MQTT_PASSWORD", "SERVICES_SCRIPT"]
        where values[key] == nil {
            throw TestServicesError(message: "\(path) lacks \(key); restart the services with `scripts/services.sh start`")
        }
        return TestServices(values: values)
    }

    /// Runs `scripts/services.sh ACTION` (pg-stop, pg-start, mqtt-stop, mqtt-start, nats-stop, nats-start) and waits for it.
    ///
    /// posix_spawn and waitpid rather than Foundation's Process, whose exit detection waits for the
    /// servers the script leaves running in the background.
    func control(_ action: String, _ extra: String...) throws {
        var environment = ProcessInfo.processInfo.environment
        if let path = environment["PRIVACY_RUNTIME_SERVICES_ENV"] {
            environment["PRIVACY_RUNTIME_SERVICES_DIR"] = URL(fileURLWithPath: path).deletingLastPathComponent().path
        }
        environment["PRIVACY_RUNTIME_PG_PORT"] = String(pgPort)
        environment["PRIVACY_RUNTIME_MQTT_PORT"] = String(mqttPort)
        environment["PRIVACY_RUNTIME_MQTT_AUTH_PORT"] = String(mqttAuthPort)
        if let natsPort = values["NATS_PORT"] { environment["PRIVACY_RUNTIME_NATS_PORT"] = natsPort }
        let arguments = ["/bin/bash", values["SERVICES_SCRIPT"]!, action] + extra
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // The test process blocks signals in its threads; the servers the script starts would inherit
        // that mask and ignore SIGTERM, so the child starts with an empty mask and default handlers.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", nil, &attributes, argv, envp)
        guard spawned == 0 else { throw TestServicesError(message: "cannot run services.sh: errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            throw TestServicesError(message: "services.sh \(action) failed (wait status \(status))")
        }
    }
}

/// A services.sh action that failed.
struct TestServicesError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
