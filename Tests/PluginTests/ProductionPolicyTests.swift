import Foundation
import MQTTSource
import NATSSource
import Policy
import PostgresSink
import PrivacyRuntime
import PrivacyRuntimeTesting
import XCTest

/// The production example policy and the plugins' option checks, without any server.
final class ProductionPolicyTests: XCTestCase {
    private let registry = StageRegistry.withServerPlugins

    /// Loads `examples/production/NAME` with the plugins and checks its source type and that every stage's options are clean.
    private func checkShippedExample(_ name: String, source: String, environment: [String: String]) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/production/\(name)")
        let environment = environment.merging(
            ["PGHOST": "db.internal", "PGPASSWORD": "secret", "PRIVACY_PUBLIC_KEY": TestKeys.publicKeyURL.path]) { $1 }
        let policy = try PolicyLoader.load(contentsOf: url, environment: environment, catalog: registry)
        XCTAssertEqual(policy.source.type, source)
        XCTAssertEqual(policy.sinks.map(\.type), ["postgres"])
        XCTAssertEqual(policy.release, ReleaseRules(incomplete: .suppress, stateDirectory: URL(fileURLWithPath: "/var/lib/privacy-runtime/state")),
                       "a window open at a crash is dropped, and the release state is on the runtime's host")
        XCTAssertEqual(registry.validate(policy.source), [])
        XCTAssertEqual(policy.sinks.flatMap { registry.validate($0) }, [])
    }

    func testShippedProductionPolicyLoadsWithThePlugins() throws {
        try checkShippedExample("regional-mqtt-postgres.yaml", source: "mqtt", environment: ["MQTT_HOST": "broker.internal"])
    }

    func testShippedNATSProductionPolicyLoadsWithThePlugins() throws {
        try checkShippedExample("regional-nats-postgres.yaml", source: "nats", environment: [
            "NATS_URL": "tls://nats-1.internal:4222,tls://nats-2.internal:4222", "NATS_PASSWORD": "secret",
        ])
    }

    func testBadPluginOptionsAreReportedAtTheirLines() {
        let yaml = """
            policy: p
            scope: region
            window: 1h
            source:
              type: mqtt
              shard: 2/2
              topic: meters/+/+
              regions: [north]
              formt: json
            encrypt:
              type: paillier
              public_key: \(TestKeys.publicKeyURL.path)
            aggregate:
              type: sum
            sinks:
              - type: postgres
                user: u
                table: "x; drop table y"
                tls: verify
            """
        assertRefused(yaml, reporting: [
            "p.yaml:6:10: error: shard must be K/N", "p.yaml:7:10: error: with 'regions', topic must end in '/#'",
            "p.yaml:9:3: error: unknown key 'formt'", "missing required key 'database'",
            "p.yaml:18:12: error: table must be letters", "p.yaml:19:10: error:",
        ])
    }

    /// Loads `yaml` as `p.yaml` with the plugins and checks that it is refused with every message in `expected`.
    private func assertRefused(_ yaml: String, reporting expected: [String], file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try PolicyLoader.load(
                yaml: yaml, fileName: "p.yaml", baseDirectory: FileManager.default.temporaryDirectory,
                environment: [:], catalog: registry)
            XCTFail("the policy has errors", file: file, line: line)
        } catch {
            for message in expected {
                XCTAssertTrue(error.description.contains(message), "expected '\(message)' in:\n\(error.description)", file: file, line: line)
            }
        }
    }

    func testBadNATSOptionsAreReportedAtTheirLines() {
        assertRefused("""
            policy: p
            scope: region
            window: 1h
            source:
              type: nats
              url: mqtt://broker:1883
              subject: meters.>.x
              stream: ME.TERS
              username: reader
              token: abc
              keyfile: client.key
              tls_hostname: nats.internal
              start_sequence: 0
              fetsh: 10
            encrypt:
              type: paillier
              public_key: \(TestKeys.publicKeyURL.path)
            aggregate:
              type: sum
            sinks:
              - type: stdout
            """, reporting: [
                "p.yaml:6:8: error: 'mqtt://broker:1883' is not a nats://host:port or tls://host:port URL",
                "p.yaml:7:12: error: subject 'meters.>.x' is not a NATS subject filter",
                "p.yaml:8:11: error: stream 'ME.TERS' is not a stream name",
                "p.yaml:9:13: error: username and password go together",
                "p.yaml:10:10: error: use one of username/password, token and credentials",
                "p.yaml:11:12: error: certfile and keyfile go together",
                "p.yaml:12:17: error: tls_hostname needs TLS",
                "p.yaml:13:19: error:",
                "p.yaml:14:3: error: unknown key 'fetsh'",
            ])
    }
}
