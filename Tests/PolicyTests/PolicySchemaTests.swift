import Foundation
import XCTest
@testable import Policy

/// Checks policies against policies/schema.json with python3's `jsonschema` and PyYAML (scripts/test.sh installs them).
final class PolicySchemaTests: XCTestCase {
    /// Validates each YAML text given on standard input (separated by NUL) and prints one line per document:
    /// "ok" or the first schema error.
    private static let validator = """
        import json, sys, yaml, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for text in sys.stdin.read().split("\\0"):
            errors = sorted(validator.iter_errors(yaml.safe_load(text)), key=lambda e: list(e.path))
            print("ok" if not errors else "/".join(map(str, errors[0].path)) + ": " + errors[0].message)
        """

    /// Runs the validator over `documents`; skips (or fails under CI=true) when the Python modules are missing.
    private func validate(_ documents: [String]) throws -> [String] {
        let probe = try run(["-c", "import jsonschema, yaml"], input: "")
        if probe.status != 0 {
            let message = "python3 with jsonschema and PyYAML is needed (pip install jsonschema pyyaml)"
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                XCTFail(message)
                return []
            }
            throw XCTSkip(message)
        }
        let result = try run(["-c", Self.validator, policiesDirectory.appendingPathComponent("schema.json").path],
                             input: documents.joined(separator: "\0"))
        XCTAssertEqual(result.status, 0, result.output)
        return result.output.split(separator: "\n").map(String.init)
    }

    private func run(_ arguments: [String], input: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    private func shipped(_ name: String) throws -> String {
        try String(contentsOf: policiesDirectory.appendingPathComponent(name), encoding: .utf8)
    }

    func testShippedPoliciesValidateAgainstSchema() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: policiesDirectory.path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertTrue(names.contains("billing.yaml") && names.contains("regional-statistics.yaml"))
        let results = try validate(try names.map(shipped))
        XCTAssertEqual(results, Array(repeating: "ok", count: names.count), "\(names)")
    }

    /// Validates `examples/production/NAME`, the same with `options` in place of its `format: json` line (must pass),
    /// and one variant per `(find, replace)` in `broken` (must fail, each at the schema path in `failingAt`).
    private func checkExample(_ name: String, options: String, broken: [(String, String)], failingAt: [String]) throws {
        let url = policiesDirectory.deletingLastPathComponent().appendingPathComponent("examples/production/\(name)")
        let production = try String(contentsOf: url, encoding: .utf8)
        let allOptions = production.replacingOccurrences(of: "  format: json\n", with: options)
        XCTAssertNotEqual(allOptions, production)
        let results = try validate([production, allOptions] + broken.map { production.replacingOccurrences(of: $0.0, with: $0.1) })
        XCTAssertEqual(results.count, 2 + broken.count)
        XCTAssertEqual(Array(results.prefix(2)), ["ok", "ok"])
        XCTAssertEqual(results.dropFirst(2).map { $0.split(separator: ":").first.map(String.init) ?? "" }, failingAt, "\(results)")
    }

    /// The production example's MQTT source validates, and the schema knows every MQTT option: a misspelt
    /// key, an unknown payload format and a region that cannot be a topic level are refused.
    func testProductionExampleAndMQTTOptionsValidateAgainstSchema() throws {
        try checkExample("regional-mqtt-postgres.yaml", options: """
              format: csv
              client_id: shard-0
              clean_session: false
              keepalive: 45s
              username: meters
              password: ${MQTT_PASSWORD}
              certfile: /etc/ssl/client.pem
              keyfile: /etc/ssl/client.key
              reconnect_max: 1m
              buffer: 5000
              idle_timeout: 10m
              shard: 0/4

            """, broken: [
                ("  topic: meters/#", "  topik: meters/#"), ("format: json", "format: xml"),
                ("regions: [north,", "regions: [no/rth,"),
            ], failingAt: ["source", "source/format", "source/regions/0"])
    }

    /// The production example's NATS source validates, and the schema knows every NATS option: a misspelt key, a
    /// start sequence below 1 and a stream name with a dot are refused.
    func testNATSExampleAndOptionsValidateAgainstSchema() throws {
        try checkExample("regional-nats-postgres.yaml", options: """
              format: csv
              fetch: 500
              buffer: 5000
              max_payload_bytes: 4096
              idle_timeout: 10m
              inactive_threshold: 2m
              certfile: /etc/ssl/client.pem
              keyfile: /etc/ssl/client.key

            """, broken: [
                ("  subject: meters.>", "  subjekt: meters.>"), ("start_sequence: 1", "start_sequence: 0"),
                ("stream: METERS", "stream: ME.TERS"),
            ], failingAt: ["source", "source/start_sequence", "source/stream"])
    }

    /// Region `min_meters` below 5 needs `allow_small_groups` with a reason; households cannot say it; the
    /// readings interval and coverage are known keys.
    func testSchemaKnowsSmallGroupsAndCoverage() throws {
        let regional = try shipped("regional-statistics.yaml")
        let minMeters = try XCTUnwrap(regional.split(separator: "\n").first { $0.hasPrefix("  min_meters: 5") }).description
        let billing = try shipped("billing.yaml")
        let results = try validate([
            regional.replacingOccurrences(of: minMeters, with: "  min_meters: 3"),
            regional.replacingOccurrences(of: minMeters, with: "  min_meters: 3\n  allow_small_groups: \"\""),
            regional.replacingOccurrences(of: minMeters, with: "  min_meters: 3\n  allow_small_groups: \"test fleet\""),
            billing.replacingOccurrences(of: "  type: sum\n", with: "  type: sum\n  allow_small_groups: \"x\"\n"),
            billing.replacingOccurrences(of: "  min_coverage: 0.9", with: "  min_coverage: 1"),
            billing.replacingOccurrences(of: "  min_coverage: 0.9", with: "  min_coverage: 1.5"),
        ])
        XCTAssertEqual(results.count, 6)
        XCTAssertEqual(results.map { $0 == "ok" }, [false, false, true, false, true, false], "\(results)")
    }

    func testShippedPoliciesPointEditorsAtTheSchema() throws {
        for name in ["billing.yaml", "regional-statistics.yaml"] {
            XCTAssertEqual(try shipped(name).split(separator: "\n").first, "# yaml-language-server: $schema=schema.json")
        }
    }

    private let sqliteSink = "    path: ../out/billing.sqlite\n"

    func testStdoutSinkTakesACompactOrJSONFormat() throws {
        let billing = try shipped("billing.yaml")
        XCTAssertTrue(billing.contains(sqliteSink))
        let results = try validate(["compact", "json", "jsonl"].map { format in
            billing.replacingOccurrences(of: sqliteSink, with: sqliteSink + "  - type: stdout\n    format: \(format)\n")
        })
        XCTAssertEqual(results.count, 3)
        XCTAssertEqual(Array(results.prefix(2)), ["ok", "ok"])
        XCTAssertTrue(results[2].hasPrefix("sinks/1/format"), "\(results)")
    }

    func testSchemaRejectsWhatTheLoaderRejects() throws {
        let billing = try shipped("billing.yaml")
        let results = try validate([
            billing.replacingOccurrences(of: "window: 2h", with: "windw: 2h"),
            billing.replacingOccurrences(of: "window: 2h", with: "window: 2 hours"),
            billing.replacingOccurrences(of: "scope: household", with: "scope: regoin"),
            billing.replacingOccurrences(of: "    path: ../out/billing.sqlite", with: "    pth: ../out/billing.sqlite"),
            billing.replacingOccurrences(of: "obfuscation: djn", with: "obfuscation: fast"),
            billing.replacingOccurrences(of: "obfuscation: djn", with: "obfuscation: djn\n  mode: per_batch"),
            billing.replacingOccurrences(of: "min_meters: 1", with: "min_meters: 5"),
            billing.replacingOccurrences(of: "  - type: sqlite", with: "  - type: sqlit"),
            billing.replacingOccurrences(of: sqliteSink, with: sqliteSink + "  - type: stdout\n    format: xml\n"),
        ])
        XCTAssertEqual(results.count, 9)
        XCTAssertFalse(results.contains("ok"), "\(results)")
        let modes = try validate(["per_reading", "per_window"].map {
            billing.replacingOccurrences(of: "obfuscation: djn", with: "obfuscation: djn\n  mode: \($0)")
        })
        XCTAssertEqual(modes, ["ok", "ok"])
    }

    func testSchemaTakesARegistryWithAKeyShapedAuthorityKey() throws {
        let billing = try shipped("billing.yaml")
        let key = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
        let results = try validate([
            billing + "registry:\n  path: meters.registry.json\n  authority_key: \(key)\n",
            billing + "registry:\n  path: meters.registry.json\n  authority_key: \(key.dropLast())\n",
            billing + "registry:\n  path: meters.registry.json\n",
            billing + "registry:\n  path: meters.registry.json\n  authority_key: \(key)\n  signer: keyholder\n",
        ])
        XCTAssertEqual(results.first, "ok")
        XCTAssertEqual(results.count, 4)
        XCTAssertFalse(results.dropFirst().contains("ok"), "\(results)")
    }

    /// Every key the schema offers at the top level and in `readings`, `watermark`, `retention`, `release` and `on_shutdown`
    /// is one the loader accepts, so editors never complete a key that `check` then refuses.
    func testSchemaKeysAreKeysTheLoaderAccepts() throws {
        let data = try Data(contentsOf: policiesDirectory.appendingPathComponent("schema.json"))
        let schema = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let properties = try XCTUnwrap(schema["properties"] as? [String: Any])
        func keys(_ section: String) throws -> [String] {
            let object = try XCTUnwrap(properties[section] as? [String: Any])
            return try XCTUnwrap(object["properties"] as? [String: Any]).keys.sorted()
        }
        let present = Set(validPolicyLines.compactMap { $0.first == " " ? nil : $0.split(separator: ":").first.map(String.init) })
        let absent = properties.keys.sorted().filter { !present.contains($0) }
        XCTAssertEqual(absent, ["billing_period", "description", "noise", "on_shutdown", "purge", "readings", "registry", "rejects", "release", "runtime_key", "tariff", "timezone", "watermark"])
        let extra = absent.filter { !["readings", "on_shutdown", "watermark", "release"].contains($0) }.map { "\($0): ~" }
            + ["readings:"] + (try keys("readings")).map { "  \($0): ~" }
            + ["watermark:"] + (try keys("watermark")).map { "  \($0): ~" }
            + ["on_shutdown:"] + (try keys("on_shutdown")).map { "  \($0): ~" }
            + ["release:"] + (try keys("release")).map { "  \($0): \($0 == "state_dir" ? "state" : "mark")" }
        let retention = (try keys("retention")).map { "  \($0): 30d" }
        var lines = validPolicyLines
        lines[13] = retention.joined(separator: "\n")
        XCTAssertNoThrow(try loadPolicy((lines + extra).joined(separator: "\n")))
    }
}
