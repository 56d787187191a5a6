import Foundation
import Paillier
import PrivacyRuntimeTesting
import XCTest
@testable import PrivacyRuntime

/// E(0)s made ahead of need for per-window openings: each a fresh encryption of 0, handed out once, none made
/// before a run asks, never more held than the reserve's capacity, none after it is stopped.
final class ZeroReserveTests: XCTestCase {
    func testReserveHandsOutFreshEncryptionsOfZeroOnceEachAndHoldsNoMoreThanItsCapacity() async throws {
        let encryptor = try PaillierEncryptor(publicKey: TestKeys.publicKey, obfuscation: .djn)
        let reserve = ZeroReserve(encryptor: encryptor, capacity: 24)
        defer { reserve.stop() }
        XCTAssertEqual(reserve.take(upTo: 5).count, 0, "nothing is made before the first request")
        var taken: [PaillierCiphertext] = []
        let deadline = Date() + 120
        while taken.count < 64 && Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
            let ready = reserve.take(upTo: 1_000)
            XCTAssertLessThanOrEqual(ready.count, 24)
            taken += ready
        }
        XCTAssertGreaterThanOrEqual(taken.count, 64)
        XCTAssertEqual(Set(taken).count, taken.count, "an E(0) handed out twice would open two windows with one randomness")
        for zero in taken { XCTAssertEqual(try TestKeys.decrypt(zero), 0) }

        reserve.stop()
        try await Task.sleep(for: .milliseconds(200))
        XCTAssertEqual(reserve.take(upTo: 1_000).count, 0, "a stopped reserve holds and makes nothing")
    }

    func testPerWindowStageDrawsOnItsReserveAndEveryZeroIsFresh() async throws {
        let stage = try PaillierEncryptorStage(publicKey: TestKeys.publicKey, obfuscation: .djn, mode: .perWindow)
        XCTAssertNil(try PaillierEncryptorStage(publicKey: TestKeys.publicKey, obfuscation: .djn).zeroReserve,
                     "per reading keeps no E(0)s in memory")
        var zeros = try await stage.encryptionsOfZero(count: 20)  // the reserve is empty: all made now
        try await Task.sleep(for: .milliseconds(500))
        zeros += try await stage.encryptionsOfZero(count: 40)
        XCTAssertEqual(zeros.count, 60)
        XCTAssertEqual(Set(zeros).count, 60)
        for zero in zeros { XCTAssertEqual(try TestKeys.decrypt(zero), 0) }
    }
}
