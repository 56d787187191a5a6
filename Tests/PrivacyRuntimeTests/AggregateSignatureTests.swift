import Foundation
import GRDB
@testable import PrivacyRuntime
import RuntimeKeys
import SQLiteSink
import XCTest

/// Released aggregates signed with the runtime key's Ed25519 half: the documented canonical bytes (checked by an
/// independent Python implementation), every stored field covered, and the `signature` in JSON lines and SQLite.
final class AggregateSignatureTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory.remove()
    }

    private func record(_ key: String = "Zürich-7", incomplete: Bool = false) -> AggregateRecord {
        AggregateRecord(policy: "household-billing", scope: "household", scopeKey: key, windowStart: 1_764_460_800,
                        windowEnd: 1_764_468_000, readings: 24, meters: 1, keyID: "demo-utility",
                        ciphertext: "123456789012345678901234567890", decimalPlaces: 3, exponent: 0, incomplete: incomplete)
    }

    private func signed(_ record: AggregateRecord, by key: RuntimeKey) throws -> AggregateRecord {
        var record = record
        record.signature = try record.makeSignature(with: key)
        return record
    }

    func testASignedJSONLineVerifiesInPythonOverTheDocumentedBytesAndAChangedOneDoesNot() throws {
        let key = RuntimeKey.generate(label: "test")
        let publicFile = directory.url.appendingPathComponent("t.runtime-sign.pub.json")
        try key.signingPublicKey.write(to: publicFile)
        let region = AggregateRecord(policy: "regional", scope: "region", scopeKey: "north \"west\"", windowStart: 0,
                                     windowEnd: 3600, readings: 60, meters: 5, keyID: "k", ciphertext: "42", decimalPlaces: 0)
        let lines = try [record(), record(incomplete: true), region].map { AggregateJSON.line(try signed($0, by: key)) }
        for line in lines {
            XCTAssertEqual(try AggregateJSON.record(line).signatureProblem(under: key.signingPublicKey), nil, line)
        }
        XCTAssertEqual(try RuntimeKeyPython.run("aggregate", keyFile: publicFile.path, input: lines.map { Data($0.utf8) }),
                       ["valid", "valid", "valid"])

        let changed = lines[0].replacingOccurrences(of: "\"readings\":24", with: "\"readings\":25")
        let unmarked = lines[1].replacingOccurrences(of: ",\"incomplete\":true", with: "")
        XCTAssertNotEqual(changed, lines[0])
        XCTAssertNotEqual(unmarked, lines[1])
        XCTAssertEqual(try RuntimeKeyPython.run("aggregate", keyFile: publicFile.path, input: [changed, unmarked].map { Data($0.utf8) }),
                       ["invalid", "invalid"])
        XCTAssertNotNil(try AggregateJSON.record(changed).signatureProblem(under: key.signingPublicKey))
        XCTAssertNotNil(try AggregateJSON.record(unmarked).signatureProblem(under: key.signingPublicKey))
    }

    func testCanonicalBytesAreLengthPrefixedTextsAndBigEndianIntegers() {
        var encoding = CanonicalBytes()
        encoding.append("aü")
        encoding.append(Int64(-2))
        encoding.append(Int64(258))
        encoding.append(true)
        XCTAssertEqual(encoding.bytes, [0, 0, 0, 0, 0, 0, 0, 3, 0x61, 0xC3, 0xBC]
            + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE] + [0, 0, 0, 0, 0, 0, 1, 2] + [1])
    }

    func testChangingAnyStoredFieldBreaksTheSignature() throws {
        let key = RuntimeKey.generate()
        let original = try signed(record(), by: key)
        XCTAssertNil(original.signatureProblem(under: key.signingPublicKey))
        let changes: [(String, (inout AggregateRecord) -> Void)] = [
            ("policy", { $0.policy += "x" }), ("scope", { $0.scope = "region" }), ("scope key", { $0.scopeKey = "M002" }),
            ("window start", { $0.windowStart -= 7200 }), ("window end", { $0.windowEnd += 1 }), ("readings", { $0.readings += 1 }),
            ("meters", { $0.meters += 1 }), ("key id", { $0.keyID = "other" }), ("ciphertext", { $0.ciphertext += "1" }),
            ("decimal places", { $0.decimalPlaces = 2 }), ("exponent", { $0.exponent = -3 }), ("incomplete", { $0.incomplete = true }),
        ]
        for (field, change) in changes {
            var forged = original
            change(&forged)
            XCTAssertEqual(forged.signatureProblem(under: key.signingPublicKey),
                           "has a signature that does not verify under runtime key \(key.keyID): the row was changed or forged after release", field)
        }
        // Moving bytes between adjacent texts keeps their concatenation but not the length-prefixed encoding.
        var shifted = original
        shifted.policy = "household-billinghouse"
        shifted.scope = "hold"
        XCTAssertNotNil(shifted.signatureProblem(under: key.signingPublicKey))
        XCTAssertNotNil(original.signatureProblem(under: RuntimeKey.generate().signingPublicKey), "another runtime key")
        XCTAssertEqual(record().signatureProblem(under: key.signingPublicKey), "carries no signature")
        var garbled = original
        garbled.signature = "not-a-signature"
        XCTAssertEqual(garbled.signatureProblem(under: key.signingPublicKey), "has a signature that is not 64 bytes of base64url")
    }

    func testTheSignatureTravelsInJSONLinesAndAnUnsignedLineIsUnchanged() throws {
        let key = RuntimeKey.generate()
        let line = AggregateJSON.line(try signed(record(), by: key))
        let signature = try XCTUnwrap(try signed(record(), by: key).signature)
        XCTAssertEqual(Base64URL.decode(signature)?.count, 64)
        XCTAssertTrue(line.hasSuffix(",\"signature\":\"\(signature)\"}"), line)
        XCTAssertEqual(try AggregateJSON.record(line), try signed(record(), by: key))
        XCTAssertFalse(AggregateJSON.line(record()).contains("signature"))
        XCTAssertNil(try AggregateJSON.record(AggregateJSON.line(record())).signature)
    }

    func testAnSQLiteFileFromBeforeSignaturesReadsUnsignedAndIsMigratedOnWrite() async throws {
        let path = directory.url.appendingPathComponent("old.sqlite").path
        let old = try DatabaseQueue(path: path)
        try await old.write { db in
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1: aggregates'), ('v2: incomplete windows');
                CREATE TABLE aggregates (
                    policy TEXT NOT NULL, scope TEXT NOT NULL, scope_key TEXT NOT NULL, window_start INTEGER NOT NULL,
                    window_end INTEGER NOT NULL, readings INTEGER NOT NULL, meters INTEGER NOT NULL, key_id TEXT NOT NULL,
                    ciphertext TEXT NOT NULL, decimal_places INTEGER NOT NULL, exponent INTEGER NOT NULL DEFAULT 0,
                    written_at INTEGER NOT NULL, incomplete INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (policy, scope_key, window_start)) WITHOUT ROWID;
                INSERT INTO aggregates VALUES ('household-billing', 'household', 'A', 1764460800, 1764468000, 24, 1,
                                              'demo-utility', '123456789012345678901234567890', 3, 0, 1, 0);
                """)
        }
        try old.close()
        var read: [AggregateRecord] = []
        try SQLiteAggregateReader(path: path).forEach { read.append($0) }
        XCTAssertEqual(read, [record("A")], "read as it is, unsigned, without migrating")

        let key = RuntimeKey.generate()
        let store = try SQLiteAggregateStore(path: path)
        try await store.insert([try signed(record("B"), by: key)], writtenAt: 2)
        read = []
        try store.forEach { read.append($0) }
        XCTAssertEqual(read, [record("A"), try signed(record("B"), by: key)])
        XCTAssertEqual(read.map { $0.signatureProblem(under: key.signingPublicKey) },
                       ["carries no signature", nil])
    }
}
