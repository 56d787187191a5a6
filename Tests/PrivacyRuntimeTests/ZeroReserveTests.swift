import Foundation
@testable import Paillier
import PrivacyRuntimeTesting
import XCTest
@testable import PrivacyRuntime

/// E(0)s made ahead of need for per-window openings: each a fresh encryption of 0, handed out once, none made
/// before a run asks, never more held than the reserve's capacity, none after it is stopped; and the limit the
/// README's threat model states, played by the memory reader it names.
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

    /// The README's one-time memory reader: an E(0) seen waiting in the reserve, (a, b₀), and the released aggregate
    /// (a, b) of the window that later opens with it give (b − b₀)/a mod n, that window's whole sum, without a key.
    func testAZeroReadFromTheReserveAndTheReleasedAggregateGiveTheWindowsWholeSum() async throws {
        let publicKey = TestKeys.publicKey
        let reserve = ZeroReserve(encryptor: try PaillierEncryptor(publicKey: publicKey, obfuscation: .djn), capacity: 8)
        defer { reserve.stop() }
        var waiting = reserve.take(upTo: 1)
        let deadline = Date() + 60
        while waiting.isEmpty && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
            waiting = reserve.take(upTo: 1)
        }
        let zero = try XCTUnwrap(waiting.first)
        let seenInMemory = zero.value  // what the reader copied while it waited
        var window = CiphertextAccumulator(publicKey: publicKey)
        window.add(zero)
        let readings = (0..<24).map { _ in Int64.random(in: -1_000...5_000_000) }
        for reading in readings { window.add(plaintext: reading) }
        let released = window.sealed().value

        let n = publicKey.n
        let (bSeen, a) = seenInMemory.quotientAndRemainder(dividingBy: n)
        let (bReleased, aReleased) = released.quotientAndRemainder(dividingBy: n)
        XCTAssertEqual(a, aReleased)
        let encoded = ((bReleased - bSeen) * (try XCTUnwrap(a.inverse(modulo: n)))).modulo(n)
        let recovered = encoded > n.floorDivided(by: BigInteger(2)) ? encoded - n : encoded
        XCTAssertEqual(recovered, readings.reduce(BigInteger(0)) { $0 + BigInteger($1) })
    }
}
