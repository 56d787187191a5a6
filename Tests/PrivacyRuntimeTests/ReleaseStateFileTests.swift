import Foundation
import XCTest
@testable import PrivacyRuntime
import RuntimeKeys

/// The release state file: atomic replacement with mode 0600, sealing under the runtime key, refusal of a file
/// changed by someone else or meant for another policy or shard, and which windows count as possibly partial.
final class ReleaseStateFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("release-state-\(UUID())")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func file(_ policy: String = "billing", shard: ShardAssignment? = nil, key: RuntimeKey? = nil) -> ReleaseStateFile {
        ReleaseStateFile(path: directory.appendingPathComponent(ReleaseStateFile.fileName(policy: policy, shard: shard)).path,
                         policy: policy, shard: shard, runtimeKey: key)
    }

    private func mode(_ path: String) throws -> Int {
        try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    func testAMissingFileIsAFirstRunAndASavedPointLoadsBackWithMode0600AndNoTemporaryFileLeft() throws {
        let state = file()
        XCTAssertNil(try state.load())
        let point = ReleasePoint(releasedThrough: 1_793_606_400, admittedThrough: 1_793_613_600)
        try state.save(point)
        XCTAssertEqual(try state.load(), point)
        XCTAssertEqual(try mode(state.path), 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["billing.release.json"])
        let text = try String(contentsOfFile: state.path, encoding: .utf8)
        let written = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: 1_793_606_400))
        XCTAssertTrue(text.contains("\"released_through\":\"\(written)\""), text)
    }

    func testSavingReplacesTheFileWholeEvenOverALeftoverTemporaryFileAndAWiderMode() throws {
        let state = file()
        try state.save(ReleasePoint(releasedThrough: 3600, admittedThrough: 7200))
        // A crash between writing the temporary file and the rename leaves it behind; the next save replaces it.
        try "garbage".write(toFile: "\(state.path).tmp-\(getpid())", atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: state.path)
        try state.save(ReleasePoint(releasedThrough: 7200, admittedThrough: 10800))
        XCTAssertEqual(try state.load(), ReleasePoint(releasedThrough: 7200, admittedThrough: 10800))
        XCTAssertEqual(try mode(state.path), 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["billing.release.json"])
    }

    func testWithARuntimeKeyTheFileIsSealedAndATamperedOneIsRefusedWithOneLine() throws {
        let key = RuntimeKey.generate()
        let state = file(key: key)
        try state.save(ReleasePoint(releasedThrough: 7200, admittedThrough: 10800))
        let text = try String(contentsOfFile: state.path, encoding: .utf8)
        XCTAssertFalse(text.contains("released_through"), "the point is sealed: \(text)")
        XCTAssertEqual(try state.load(), ReleasePoint(releasedThrough: 7200, admittedThrough: 10800))

        // Someone without the key changes the sealed point (one bit of the ciphertext).
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var sealed = try XCTUnwrap(Data(base64Encoded: try XCTUnwrap(object["sealed"] as? String)))
        sealed[20] ^= 0x01
        var tampered = object
        tampered["sealed"] = sealed.base64EncodedString()
        try JSONSerialization.data(withJSONObject: tampered).write(to: URL(fileURLWithPath: state.path))
        XCTAssertThrowsError(try state.load()) { error in
            XCTAssertEqual((error as? ReleaseStateError)?.code, .notAuthentic)
            XCTAssertFalse("\(error)".contains("\n"))
            XCTAssertTrue("\(error)".hasPrefix("release state \(state.path) does not authenticate under runtime key \(key.keyID)"), "\(error)")
        }

        // Or writes a plain point in its place, or a file sealed under another key.
        try file().save(ReleasePoint(releasedThrough: 0))
        XCTAssertThrowsError(try state.load()) { XCTAssertEqual(($0 as? ReleaseStateError)?.code, .notAuthentic) }
        try file(key: RuntimeKey.generate()).save(ReleasePoint(releasedThrough: 0))
        XCTAssertThrowsError(try state.load()) { XCTAssertEqual(($0 as? ReleaseStateError)?.code, .notAuthentic) }
        // A sealed file is refused by a policy that names no runtime key (it cannot check it).
        XCTAssertThrowsError(try file().load()) { XCTAssertEqual(($0 as? ReleaseStateError)?.code, .notAuthentic) }
    }

    func testEachShardHasItsOwnFileAndOneShardsFileIsRefusedForAnother() throws {
        let key = RuntimeKey.generate()
        let zero = file(shard: ShardAssignment(index: 0, count: 2), key: key)
        let one = file(shard: ShardAssignment(index: 1, count: 2), key: key)
        XCTAssertNotEqual(zero.path, one.path)
        XCTAssertTrue(one.path.hasSuffix("/billing.shard-1-of-2.release.json"), one.path)
        XCTAssertEqual(file(shard: .all).path, file().path, "one shard of one is the unsharded instance")
        try zero.save(ReleasePoint(releasedThrough: 3600))
        try one.save(ReleasePoint(releasedThrough: 7200))
        XCTAssertEqual(try zero.load()?.releasedThrough, 3600)
        XCTAssertEqual(try one.load()?.releasedThrough, 7200)

        // Shard 0's (older) file put in place of shard 1's, or of another policy's, is refused.
        try FileManager.default.removeItem(atPath: one.path)
        try FileManager.default.copyItem(atPath: zero.path, toPath: one.path)
        XCTAssertThrowsError(try one.load()) { XCTAssertEqual(($0 as? ReleaseStateError)?.code, .malformed, "\($0)") }
        let other = file("regional", shard: ShardAssignment(index: 0, count: 2), key: key)
        try FileManager.default.copyItem(atPath: zero.path, toPath: other.path)
        XCTAssertThrowsError(try other.load()) { XCTAssertEqual(($0 as? ReleaseStateError)?.code, .malformed, "\($0)") }
    }

    func testAFileThatIsNotAReleaseStateIsRefused() throws {
        let state = file()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "{\"released_through\": 5}".write(toFile: state.path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try state.load()) { XCTAssertEqual(($0 as? ReleaseStateError)?.code, .malformed) }
    }

    func testWindowsOpenAtTheCrashArePartialUnlessTheSourceReplays() async throws {
        let state = file()
        try state.save(ReleasePoint(releasedThrough: 7200, admittedThrough: 14400))
        let broker = try ReleaseTracker(file: state, sourceReplays: false)
        XCTAssertTrue(broker.isReleased(timestamp: 7199))
        XCTAssertFalse(broker.isReleased(timestamp: 7200))
        XCTAssertEqual([10800, 14400, 18000].map { broker.mayBePartial(windowStart: $0 - 3600, windowEnd: $0) }, [true, true, false])
        let file = try ReleaseTracker(file: state, sourceReplays: true)
        XCTAssertFalse(file.mayBePartial(windowStart: 7200, windowEnd: 10800))
        // The window changed from 1h to 4h between the runs: [0, 14400) lacks the readings before 7200 either way.
        XCTAssertTrue(file.mayBePartial(windowStart: 0, windowEnd: 14400))
        XCTAssertFalse(file.mayBePartial(windowStart: 14400, windowEnd: 28800))

        // The point moves only forward, and is written only when it moved; a write in the background is on disk once
        // flushed, and writes land in the order they were started.
        broker.admitted(windowEnd: 10800)
        broker.released(through: 3600)
        try await broker.save()
        XCTAssertEqual(try state.load(), ReleasePoint(releasedThrough: 7200, admittedThrough: 14400))
        broker.admitted(windowEnd: 18000)
        try await broker.saveInBackground()
        broker.admitted(windowEnd: 21600)
        broker.released(through: 14400)
        try await broker.saveInBackground()
        try await broker.flush()
        XCTAssertEqual(try state.load(), ReleasePoint(releasedThrough: 14400, admittedThrough: 21600))
        XCTAssertEqual(try ReleaseTracker(file: state, sourceReplays: false).partialThrough, 21600)
        broker.released(through: 21600)
        try await broker.save()
        XCTAssertNil(try ReleaseTracker(file: state, sourceReplays: false).partialThrough, "every admitted window was released")
    }

    func testAfterARestartAReadingForAReleasedWindowIsRejectedAndAdmittedWindowsAreRecorded() throws {
        let state = file()
        try state.save(ReleasePoint(releasedThrough: 7200, admittedThrough: 10800))
        let releases = try ReleaseTracker(file: state, sourceReplays: false)
        var table = WindowTable<[Int]>(assigner: WindowAssigner(length: 3600), lateness: 0, watermark: .standard, scope: .region,
                                       releases: releases, makePayload: { [] })
        func reason(_ meter: String, _ timestamp: Int64) -> RejectReason? {
            if case .rejected(let reason, _) = table.admit(meterID: meter, region: "north", timestamp: timestamp) { return reason }
            return nil
        }
        XCTAssertEqual(reason("m1", 3599), .alreadyReleased, "window [0, 3600) was released before the restart")
        XCTAssertEqual(reason("m1", 7199), .alreadyReleased, "window [3600, 7200) too")
        XCTAssertNil(reason("m1", 7200), "window [7200, 10800) was not")
        XCTAssertEqual(releases.point.admittedThrough, 10800)
        XCTAssertNil(reason("m2", 12000))
        XCTAssertEqual(releases.point.admittedThrough, 14400)
        XCTAssertTrue(releases.mayBePartial(windowStart: 7200, windowEnd: 10800), "open at the crash")
        XCTAssertFalse(releases.mayBePartial(windowStart: 10800, windowEnd: 14400), "opened after the restart")

        // The policy's window grows to 4h: a reading before the release point is in a window released as 1h ones.
        var longer = WindowTable<[Int]>(assigner: WindowAssigner(length: 14400), lateness: 0, watermark: .standard, scope: .region,
                                        releases: try ReleaseTracker(file: state, sourceReplays: true), makePayload: { [] })
        if case .accepted = longer.admit(meterID: "m1", region: "north", timestamp: 3600) { XCTFail("a reading before the release point") }
        if case .rejected(let reason, _) = longer.admit(meterID: "m1", region: "north", timestamp: 7200) { XCTFail("\(reason)") }
    }
}
