import Foundation
import RuntimeKeys
import XCTest
@testable import PrivacyRuntime

/// The checkpoint's binary form and its seal: every field survives, and a checkpoint opens only under the key,
/// policies, stream and sequence it was sealed for.
final class CheckpointSealTests: XCTestCase {
    private func sample(sequence: UInt64 = 41) -> PipelineCheckpoint {
        let fleet = FleetClock.State(latest: ["m-1": 1_704_067_200, "m-2": 1_704_070_800, "ü-3": -5], time: 1_704_067_200,
                                     sinceRecompute: 3, interval: 7)
        let windows = [
            PipelineCheckpoint.WindowState(scopeKey: "north", start: 1_704_067_200, end: 1_704_070_800, readings: 5,
                                           seen: ["m-1": [0, 900, 1800], "m-2": [300, 2700]], someAboveMin: true, someBelowMax: false,
                                           ciphertext: (0..<512).map { UInt8(truncatingIfNeeded: $0 * 7 + 1) }),
            PipelineCheckpoint.WindowState(scopeKey: "m-2", start: 1_704_070_800, end: 1_704_157_200, readings: 0, seen: [:],
                                           someAboveMin: false, someBelowMax: true, someValueUnknown: true, ciphertext: [1]),
        ]
        return PipelineCheckpoint(sequence: sequence, policies: [
            .init(name: "regional", releasePoint: ReleasePoint(releasedThrough: 1_704_067_200, admittedThrough: 1_704_074_400),
                  fleet: fleet, windows: windows),
            .init(name: "billing", releasePoint: ReleasePoint(), fleet: FleetClock.State(), windows: []),
        ])
    }

    func testEncodingRoundTripsEveryField() throws {
        let checkpoint = sample()
        XCTAssertEqual(try PipelineCheckpoint(decoding: checkpoint.encoded()), checkpoint)
    }

    func testTruncatedOrExtendedBytesAreMalformed() throws {
        let bytes = sample().encoded()
        for cut in [0, 3, bytes.count / 2, bytes.count - 1] {
            XCTAssertThrowsError(try PipelineCheckpoint(decoding: Array(bytes.prefix(cut)))) { error in
                XCTAssertEqual((error as? CheckpointError)?.code, .malformed, "cut at \(cut)")
            }
        }
        XCTAssertThrowsError(try PipelineCheckpoint(decoding: bytes + [0]))
    }

    func testASealedCheckpointOpensOnlyForItsKeyPoliciesStreamAndSequence() throws {
        let key = RuntimeKey.generate()
        let seal = CheckpointSeal(key: key, policies: ["regional", "billing"], stream: "METERS", shard: nil)
        let stored = try seal.seal(sample())
        XCTAssertEqual(try seal.open(stored, from: "test"), sample())

        func assertRefused(_ seal: CheckpointSeal, _ stored: StoredCheckpoint, _ what: String) {
            XCTAssertThrowsError(try seal.open(stored, from: "test"), what) { error in
                XCTAssertEqual((error as? CheckpointError)?.code, .notAuthentic, what)
                XCTAssertFalse("\(error)".contains("\n"), "one line")
            }
        }
        var tampered = stored
        tampered.sealed[tampered.sealed.count / 2] ^= 1
        assertRefused(seal, tampered, "a flipped bit")
        var moved = stored
        moved.sequence += 1
        assertRefused(seal, moved, "another sequence")
        assertRefused(CheckpointSeal(key: RuntimeKey.generate(), policies: seal.policies, stream: "METERS", shard: nil), stored, "another key")
        assertRefused(CheckpointSeal(key: key, policies: ["regional"], stream: "METERS", shard: nil), stored, "other policies")
        assertRefused(CheckpointSeal(key: key, policies: seal.policies, stream: "OTHER", shard: nil), stored, "another stream")
        assertRefused(CheckpointSeal(key: key, policies: seal.policies, stream: "METERS", shard: ShardAssignment(index: 0, count: 2)), stored, "a shard")
    }

    func testTheSealedBytesHoldNoAccumulatorInTheClear() throws {
        let checkpoint = sample()
        let stored = try CheckpointSeal(key: RuntimeKey.generate(), policies: ["regional", "billing"], stream: "METERS", shard: nil).seal(checkpoint)
        let ciphertext = checkpoint.policies[0].windows[0].ciphertext
        XCTAssertNotNil(checkpoint.encoded().firstRange(of: ciphertext), "the plain encoding holds it")
        XCTAssertNil(stored.sealed.firstRange(of: Array(ciphertext.prefix(16))), "the sealed bytes do not")
        XCTAssertNil(stored.sealed.firstRange(of: Array("north".utf8)))
    }
}
