import Foundation
import Paillier
import PrivacyRuntimeTesting
import XCTest
@testable import PrivacyRuntime

final class StdoutSinkTests: XCTestCase {
    private func aggregate() throws -> WindowAggregate {
        let encryptor = try PaillierEncryptor(publicKey: TestKeys.publicKey, obfuscation: .standard)
        return WindowAggregate(policy: "household-billing", scope: .household, scopeKey: "M001", windowStart: 1_704_067_200,
                               windowEnd: 1_704_074_400, readings: 24, meters: 1, ciphertext: encryptor.encrypt(12_345),
                               decimalPlaces: 3)
    }

    /// SHA-256 by coreutils, independently of the runtime's swift-crypto.
    private func sha256sum(_ text: String) throws -> String {
        String(try ChildProcess.run(["sha256sum"], stdin: text).stdout.prefix(64))
    }

    func testCompactLineNamesTheWindowAndFingerprintsTheStoredCiphertext() throws {
        let aggregate = try aggregate()
        let line = StdoutSink.line(aggregate, format: .compact)
        let digest = try sha256sum(aggregate.record.ciphertext)
        XCTAssertEqual(line, "household-billing M001 2024-01-01T00:00:00Z/2024-01-01T02:00:00Z readings=24 meters=1 sha256:"
                       + digest.prefix(16))
        XCTAssertLessThan(line.count, 120)
    }

    func testACompactLineSaysWhenTheWindowIsIncomplete() throws {
        let complete = try aggregate()
        let marked = WindowAggregate(policy: complete.policy, scope: complete.scope, scopeKey: complete.scopeKey,
                                     windowStart: complete.windowStart, windowEnd: complete.windowEnd, readings: 14, meters: 1,
                                     ciphertext: complete.ciphertext, decimalPlaces: 3, incomplete: true)
        XCTAssertTrue(StdoutSink.line(marked, format: .compact).hasSuffix(" incomplete"))
        XCTAssertFalse(StdoutSink.line(complete, format: .compact).contains("incomplete"))
        XCTAssertEqual(try AggregateJSON.record(StdoutSink.line(marked, format: .json)).incomplete, true)
    }

    func testJSONFormatIsTheFullAggregate() throws {
        let aggregate = try aggregate()
        let line = StdoutSink.line(aggregate, format: .json)
        XCTAssertEqual(try AggregateJSON.record(line), aggregate.record)
        XCTAssertEqual(try TestKeys.decrypt(decimal: try AggregateJSON.record(line).ciphertext), 12_345)
    }
}
