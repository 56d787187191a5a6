import Foundation
import MQTTSource
import Policy
import PostgresSink
import PrivacyRuntime
import PrivacyRuntimeTesting
import XCTest

/// Issue 14: the MQTT source and the PostgreSQL sink reach a server other than loopback only over TLS that verifies
/// its certificate, unless `allow_plaintext:` names that host; a password sent without verified TLS is a warning
/// that `check` shows. No server is needed: these are the factories' option checks.
final class TransportSecurityTests: XCTestCase {
    private let registry = StageRegistry.withServerPlugins

    /// A region policy with an `mqtt` source and a `postgres` sink whose options are `source` and `sink` (lines of
    /// `key: value`); the source's options start on line 6, the sink's nine lines after them.
    private func yaml(source: [String], sink: [String]) -> String {
        ([
            "policy: p", "scope: region", "window: 1h", "source:", "  type: mqtt",
        ] + source.map { "  " + $0 } + [
            "encrypt:", "  type: paillier", "  public_key: \(TestKeys.publicKeyURL.path)", "aggregate:", "  type: sum",
            "sinks:", "  - type: postgres", "    database: d", "    user: u",
        ] + sink.map { "    " + $0 }).joined(separator: "\n")
    }

    /// Every diagnostic, errors and warnings, as printed.
    private func findings(source: [String] = [], sink: [String] = []) -> [String] {
        do {
            let policy = try PolicyLoader.load(
                yaml: yaml(source: source, sink: sink), fileName: "p.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"),
                environment: ["PGPASSWORD": "s3cret-from-env"], catalog: registry)
            return policy.warnings.map(\.description)
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    private let mqttNeedsTLS = "error: the connection to a host other than loopback needs TLS with certificate verification (set cafile to the CA that signed the broker's certificate); to send in the clear, set 'allow_plaintext:' to that host name"
    private let postgresNeedsTLS = "error: the connection to a host other than loopback needs TLS with certificate verification (set tls: verify-full); to send in the clear, set 'allow_plaintext:' to that host name"
    private let wrongHost = "error: 'allow_plaintext' must be exactly the host it permits without verified TLS, and it names another host"

    /// The `nats` source: every server of its `url` list, with the error at `url`.
    func testNATSServersOtherThanLoopbackNeedVerifiedTLS() {
        func nats(_ options: [String]) -> [String] {
            let yaml = (["policy: p", "scope: region", "window: 1h", "source:", "  type: nats"] + options.map { "  " + $0 } + [
                "encrypt:", "  type: paillier", "  public_key: \(TestKeys.publicKeyURL.path)", "aggregate:", "  type: sum",
                "sinks:", "  - type: stdout",
            ]).joined(separator: "\n")
            do {
                return try PolicyLoader.load(yaml: yaml, fileName: "p.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"),
                                             environment: [:], catalog: registry).warnings.map(\.description)
            } catch {
                return error.diagnostics.map(\.description)
            }
        }
        let needsTLS = "error: the connection to a host other than loopback needs TLS with certificate verification (set cafile to the CA that signed the servers' certificates); to send in the clear, set 'allow_plaintext:' to that host name"
        XCTAssertEqual(nats(["url: nats://127.0.0.1:4222"]), [])
        XCTAssertEqual(nats(["url: \"tls://127.0.0.1:4223,nats://reader@a.internal:4222\""]), ["p.yaml:6:8: \(needsTLS)"])
        XCTAssertEqual(nats(["url: tls://a.internal:4222,tls://b.internal:4222", "cafile: /etc/ca.pem"]), [])
        XCTAssertEqual(nats(["url: nats://a.internal:4222", "allow_plaintext: a.internal"]), [])
        XCTAssertEqual(nats(["url: nats://a.internal:4222", "allow_plaintext: b.internal"]), ["p.yaml:7:20: \(wrongHost)"])
    }

    func testLoopbackNeedsNoTLS() {
        for host in ["127.0.0.1", "127.3.2.1", "localhost", "::1", "[::1]"] {
            XCTAssertEqual(findings(source: ["host: \"\(host)\""], sink: ["host: \"\(host)\""]), [], host)
        }
        XCTAssertEqual(findings(), [], "both default to 127.0.0.1")
        for host in ["128.0.0.1", "db.internal", "::2", "0.0.0.0", "127.0.0.1.example.com", "10.0.0.5"] {
            XCTAssertFalse(StageOptions.isLoopback(host), host)
        }
    }

    func testOtherHostsNeedVerifiedTLS() {
        XCTAssertEqual(findings(source: ["host: broker.internal"], sink: ["host: db.internal"]), [
            "p.yaml:6:9: \(mqttNeedsTLS)", "p.yaml:16:11: \(postgresNeedsTLS)",
        ])
        // TLS without verification is not enough for PostgreSQL.
        XCTAssertEqual(findings(sink: ["host: db.internal", "tls: require"]), ["p.yaml:15:11: \(postgresNeedsTLS)"])
        XCTAssertEqual(findings(source: ["host: broker.internal", "cafile: /etc/ca.pem"], sink: ["host: db.internal", "tls: verify-full"]), [])
        // The same holds for a host that comes from the environment.
        XCTAssertEqual(findings(sink: ["host: ${PGHOST:-10.1.2.3}"]), ["p.yaml:15:11: \(postgresNeedsTLS)"])
    }

    func testAllowPlaintextMustNameTheHost() {
        XCTAssertEqual(findings(source: ["host: broker.internal", "allow_plaintext: broker.internal"],
                                sink: ["host: db.internal", "allow_plaintext: db.internal"]), [])
        XCTAssertEqual(findings(source: ["host: broker2.internal", "allow_plaintext: broker.internal"],
                                sink: ["host: db2.internal", "allow_plaintext: db.internal"]), [
            "p.yaml:7:20: \(wrongHost)", "p.yaml:18:22: \(wrongHost)",
        ])
    }

    func testCheckWarnsAboutAPasswordSentWithoutVerifiedTLS() throws {
        let found = findings(source: ["username: meter-reader", "password: ${PGPASSWORD}"], sink: ["password: ${PGPASSWORD}"])
        XCTAssertEqual(found, [
            "p.yaml:7:13: warning: the password is sent without TLS that verifies the server (set cafile to the CA that signed the broker's certificate): anyone who can read or redirect the connection learns it",
            "p.yaml:17:15: warning: the password is sent without TLS that verifies the server (set tls: verify-full): anyone who can read or redirect the connection learns it",
        ])
        XCTAssertFalse(found.joined().contains("s3cret-from-env"))
        XCTAssertEqual(findings(sink: ["password: ${PGPASSWORD}", "tls: verify-full"]), [])

        let policy = try PolicyLoader.load(
            yaml: yaml(source: [], sink: ["password: ${PGPASSWORD}"]), fileName: "p.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"),
            environment: ["PGPASSWORD": "x"], catalog: registry)
        let summary = DisclosureSummary(policy: policy, facts: .init(keyID: "k1", isDemoKey: false))
        XCTAssertTrue(summary.warnings.contains { $0.hasSuffix("warning: the password is sent without TLS that verifies the server (set tls: verify-full): anyone who can read or redirect the connection learns it") },
                      "\(summary.warnings)")
        XCTAssertTrue(summary.description.contains("the password is sent without TLS"), summary.description)
    }
}
