import Foundation
import Logging
import Policy
import PrivacyRuntimeTesting
import XCTest
@testable import PrivacyRuntime
import SQLiteSink

final class StageRegistryTests: XCTestCase {
    private func policy(_ encrypt: String, sink: String = "type: stdout", source: String = "type: simulate",
                        _ directory: TemporaryDirectory) throws -> Policy {
        var registry = StageRegistry.builtIn
        SQLiteSinkPlugin.register(in: &registry)
        let yaml = """
            policy: p
            scope: household
            window: 1h
            source:
              \(source)
            encrypt:
              \(encrypt)
            aggregate:
              type: sum
            sinks:
              - \(sink)
            """
        return try PolicyLoader.load(yaml: yaml, fileName: "p.yaml", baseDirectory: directory.url, environment: [:], catalog: registry)
    }

    func testAPrivateKeyInThePolicyIsRefusedAtItsLocation() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try TestKeys.privateKey.write(to: directory.url.appendingPathComponent("secret.key.json"))
        XCTAssertThrowsError(try policy("type: paillier\n  public_key: secret.key.json", directory)) { error in
            let diagnostics = (error as! PolicyError).diagnostics
            XCTAssertEqual(diagnostics.count, 1)
            XCTAssertEqual(diagnostics.first?.location.line, 8)
            XCTAssertTrue(diagnostics.first!.message.contains("public keys only"), diagnostics.first!.message)
        }
    }

    func testPaillierModeIsReadOutlinedAndBuiltAndABadModeIsReportedWithItsLocation() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let encrypt = "type: paillier\n  public_key: \(TestKeys.publicKeyURL.path)"
        let registry = StageRegistry.builtIn
        for mode in EncryptionMode.allCases {
            let policy = try policy(encrypt + "\n  mode: \(mode.rawValue)", directory)
            XCTAssertEqual(registry.outline(policy.encrypt).encryptionMode, mode)
            let encryptor = try await registry.makeEncryptor(policy.encrypt, context: StageContext(policy: policy, logger: Logger(label: "test")))
            XCTAssertEqual(encryptor.mode, mode)
        }
        XCTAssertEqual(registry.outline(try policy(encrypt, directory).encrypt).encryptionMode, .perReading)
        XCTAssertThrowsError(try policy(encrypt + "\n  mode: per_batch", directory)) { error in
            XCTAssertTrue("\(error)".contains("p.yaml:9:9: error:") && "\(error)".contains("per_window"), "\(error)")
        }
    }

    func testUnknownOptionsOfBuiltInStagesAreReportedWithLocations() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        XCTAssertThrowsError(try policy("type: paillier\n  public_key: \(TestKeys.publicKeyURL.path)\n  obfuscaton: djn",
                                        sink: "type: jsonl\n    pth: x.jsonl", source: "type: simulate\n  meters: 0", directory)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("p.yaml:10:3: error: unknown key 'obfuscaton' in encrypt 'paillier' (did you mean 'obfuscation'?)"), text)
            XCTAssertTrue(text.contains("missing") && text.contains("'path'"), text)
            XCTAssertTrue(text.contains("p.yaml:6:11: error:"), text)
        }
    }

    func testStdoutFormatIsCompactOrJSONAndOtherValuesAreReportedWithTheirLocation() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let encrypt = "type: paillier\n  public_key: \(TestKeys.publicKeyURL.path)"
        XCTAssertNoThrow(try policy(encrypt, sink: "type: stdout\n    format: json", directory))
        XCTAssertNoThrow(try policy(encrypt, sink: "type: stdout\n    format: compact", directory))
        XCTAssertThrowsError(try policy(encrypt, sink: "type: stdout\n    format: jsonl", directory)) { error in
            XCTAssertTrue("\(error)".contains("p.yaml:13:13: error:"), "\(error)")
            XCTAssertTrue("\(error)".contains("compact"), "\(error)")
        }
    }

    func testRegisteredTypesListEveryBuiltInAndPlugin() {
        var registry = StageRegistry.builtIn
        SQLiteSinkPlugin.register(in: &registry)
        XCTAssertEqual(registry.registeredTypes(.source), ["csv", "jsonl", "simulate", "stdin"])
        XCTAssertEqual(registry.registeredTypes(.sink), ["jsonl", "sqlite", "stdout"])
        XCTAssertEqual(registry.registeredTypes(.encrypt), ["paillier"])
        XCTAssertEqual(registry.aggregateReaders.kinds, ["jsonl", "sqlite"])
    }
}
