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
}
