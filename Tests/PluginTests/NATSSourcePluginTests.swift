import Foundation
import NATSSource
import Policy
import PostgresSink
import PrivacyRuntime
import PrivacyRuntimeTesting
import XCTest

/// The `nats` source's options and subject scheme, without a server.
final class NATSSourcePluginTests: XCTestCase {
    private var registry: StageRegistry {
        var registry = StageRegistry.builtIn
        NATSSourcePlugin.register(in: &registry)
        return registry
    }

    func testShippedNATSExampleLoadsWithThePlugin() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/production/regional-nats-postgres.yaml")
        var registry = registry
        PostgresSinkPlugin.register(in: &registry)
        let environment = [
            "NATS_URL": "tls://nats-1.internal:4222,tls://nats-2.internal:4222", "NATS_PASSWORD": "secret",
            "PGHOST": "db.internal", "PGPASSWORD": "secret", "PRIVACY_PUBLIC_KEY": TestKeys.publicKeyURL.path,
        ]
        let policy = try PolicyLoader.load(contentsOf: url, environment: environment, catalog: registry)
        XCTAssertEqual(policy.source.type, "nats")
        XCTAssertEqual(registry.validate(policy.source), [])
        XCTAssertEqual(policy.sinks.flatMap { registry.validate($0) }, [])
    }

    func testBadOptionsAreReportedAtTheirLines() throws {
        let yaml = """
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
            """
        do {
            _ = try PolicyLoader.load(
                yaml: yaml, fileName: "p.yaml", baseDirectory: FileManager.default.temporaryDirectory,
                environment: [:], catalog: registry)
            XCTFail("the policy has errors")
        } catch {
            let text = error.description
            for expected in [
                "p.yaml:6:8: error: 'mqtt://broker:1883' is not a nats://host:port or tls://host:port URL",
                "p.yaml:7:12: error: subject 'meters.>.x' is not a NATS subject filter",
                "p.yaml:8:11: error: stream 'ME.TERS' is not a stream name",
                "p.yaml:9:13: error: username and password go together",
                "p.yaml:10:10: error: use one of username/password, token and credentials",
                "p.yaml:11:12: error: certfile and keyfile go together",
                "p.yaml:12:17: error: tls_hostname needs TLS",
                "p.yaml:13:19: error:",
                "p.yaml:14:3: error: unknown key 'fetsh'",
            ] {
                XCTAssertTrue(text.contains(expected), "expected '\(expected)' in:\n\(text)")
            }
        }
    }

    func testRegionAndMeterAreTheLastTwoSubjectTokens() {
        XCTAssertEqual(MeterSubject.parse("meters.north.m-1")?.region, "north")
        XCTAssertEqual(MeterSubject.parse("meters.north.m-1")?.meterID, "m-1")
        XCTAssertEqual(MeterSubject.parse("utility.x.meters.south.m-2")?.region, "south")
        XCTAssertNil(MeterSubject.parse("meters.m-1"))
        XCTAssertNil(MeterSubject.parse("meters.north."))
        XCTAssertTrue(MeterSubject.isValidToken("m-0042"))
        for bad in ["", "a.b", "*", "a>", "a b"] { XCTAssertFalse(MeterSubject.isValidToken(bad), bad) }
        XCTAssertTrue(MeterSubject.isValidFilter("meters.>"))
        XCTAssertTrue(MeterSubject.isValidFilter("meters.*.m-1"))
        for bad in ["meters.>.x", "meters..x", "meters.n*", "", "meters.a b"] { XCTAssertFalse(MeterSubject.isValidFilter(bad), bad) }
    }
}
