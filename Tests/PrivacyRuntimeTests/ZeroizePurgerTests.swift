import Paillier
import PrivacyRuntimeTesting
import XCTest
@testable import PrivacyRuntime

final class ZeroizePurgerTests: XCTestCase {
    func testValuesAndCiphertextsAreDestroyedAndCounted() throws {
        let encryptor = try PaillierEncryptor(publicKey: TestKeys.publicKey, obfuscation: .djn)
        var values: [Int64] = [12_345, 6_789]
        var ciphertexts = encryptor.encrypt(batch: values)
        let destroyed = ZeroizePurger().purge(values: &values, ciphertexts: &ciphertexts)
        XCTAssertEqual(destroyed, 2)
        XCTAssertTrue(values.isEmpty)
        XCTAssertTrue(ciphertexts.isEmpty)
    }

    func testTheValuesBufferIsWipedInPlaceAndKeepsItsCapacity() throws {
        var values: [Int64] = []
        values.reserveCapacity(1024)
        for index in 0..<1000 { values.append(Int64(index) * 7_919 + 1) }
        let capacity = values.capacity
        let storage = values.withUnsafeBufferPointer { $0.baseAddress }
        var ciphertexts: [PaillierCiphertext] = []
        XCTAssertEqual(ZeroizePurger().purge(values: &values, ciphertexts: &ciphertexts), 1000)
        XCTAssertTrue(values.isEmpty)
        XCTAssertEqual(values.capacity, capacity)
        // The same buffer, still owned by `values` (so its memory is valid), now holds zeros where the readings were.
        XCTAssertEqual(values.withUnsafeBufferPointer { $0.baseAddress }, storage)
        let wiped = UnsafeBufferPointer(start: try XCTUnwrap(storage), count: 1000)
        XCTAssertTrue(wiped.allSatisfy { $0 == 0 }, "non-zero left: \(wiped.filter { $0 != 0 }.prefix(5))")
        withExtendedLifetime(values) {}
    }
}
