import Foundation
import MQTTSource
import Policy
import PostgresSink
import PrivacyRuntime
import PrivacyRuntimeTesting
import XCTest

/// The production example policy and the plugins' option checks, without any server.
final class ProductionPolicyTests: XCTestCase {
    private var registry: StageRegistry {
        var registry = StageRegistry.builtIn
        PostgresSinkPlugin.register(in: &registry)
        MQTTSourcePlugin.register(in: &registry)
        return registry
    }

    func testShippedProductionPolicyLoadsWithThePlugins() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/production/regional-mqtt-postgres.yaml")
        let environment = [
            "MQTT_HOST": "broker.internal", "PGHOST": "db.internal", "PGPASSWORD": "secret",
            "PRIVACY_PUBLIC_KEY": TestKeys.publicKeyURL.path,
        ]
        let policy = try PolicyLoader.load(contentsOf: url, environment: environment, catalog: registry)
        XCTAssertEqual(policy.source.type, "mqtt")
        XCTAssertEqual(policy.sinks.map(\.type), ["postgres"])
        XCTAssertEqual(policy.release, ReleaseRules(incomplete: .suppress, stateDirectory: URL(fileURLWithPath: "/var/lib/privacy-runtime/state")),
                       "a window open at a crash is dropped, and the release state is on the runtime's host")
        XCTAssertEqual(registry.validate(policy.source), [])
        XCTAssertEqual(policy.sinks.flatMap { registry.validate($0) }, [])
    }

    func testBadPluginOptionsAreReportedAtTheirLines() throws {
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
        do {
            _ = try PolicyLoader.load(
                yaml: yaml, fileName: "p.yaml", baseDirectory: FileManager.default.temporaryDirectory,
                environment: [:], catalog: registry)
            XCTFail("the policy has errors")
        } catch {
            let text = error.description
            for expected in [
                "p.yaml:6:10: error: shard must be K/N", "p.yaml:7:10: error: with 'regions', topic must end in '/#'",
                "p.yaml:9:3: error: unknown key 'formt'", "missing required key 'database'",
                "p.yaml:18:12: error: table must be letters", "p.yaml:19:10: error:",
            ] {
                XCTAssertTrue(text.contains(expected), "expected '\(expected)' in:\n\(text)")
            }
        }
    }
}
