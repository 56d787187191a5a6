import XCTest
@testable import Paillier

final class CiphertextValidationTests: XCTestCase {
    private var publicKey: PaillierPublicKey { TestKeys.key2048.publicKey }

    private func assertInvalid(_ make: @autoclosure () throws -> PaillierCiphertext, mentions text: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try make(), file: file, line: line) { error in
            XCTAssertEqual((error as? PaillierError)?.kind, .invalidCiphertext, file: file, line: line)
            XCTAssertTrue("\(error)".contains(text), "'\(error)' should mention '\(text)'", file: file, line: line)
        }
    }

    func testPheJSONRoundTrip() throws {
        let ciphertext = TestKeys.djn2048.encrypt(-31)
        let json = ciphertext.pheJSON()
        XCTAssertEqual(json, "{\"v\":\"\(ciphertext.value)\",\"e\":0}")
        let parsed = try PaillierCiphertext(pheJSON: json, publicKey: publicKey)
        XCTAssertEqual(parsed, ciphertext)
        XCTAssertEqual(try TestKeys.key2048.decrypt(parsed), BigInteger(-31))
        let spaced = try PaillierCiphertext(pheJSON: "{\"v\": \"\(ciphertext.value)\", \"e\": 0}", publicKey: publicKey)
        XCTAssertEqual(spaced.value, ciphertext.value)
    }

    func testMalformedCiphertextsAreRejected() {
        assertInvalid(try PaillierCiphertext(decimal: "12a4", publicKey: publicKey), mentions: "expected a decimal integer")
        assertInvalid(try PaillierCiphertext(decimal: "", publicKey: publicKey), mentions: "expected a decimal integer")
        assertInvalid(try PaillierCiphertext(decimal: " 12", publicKey: publicKey), mentions: "expected a decimal integer")
        assertInvalid(try PaillierCiphertext(pheJSON: "{\"v\": 12, \"e\": 0}", publicKey: publicKey), mentions: "malformed ciphertext JSON")
        assertInvalid(try PaillierCiphertext(pheJSON: "[1,2]", publicKey: publicKey), mentions: "malformed ciphertext JSON")
        assertInvalid(try PaillierCiphertext(pheJSON: "{\"v\": \"12\", \"e\": -32}", publicKey: publicKey), mentions: "e=-32")
    }

    func testOutOfRangeCiphertextsAreRejected() {
        let nSquared = publicKey.n * publicKey.n
        assertInvalid(try PaillierCiphertext(decimal: "0", publicKey: publicKey), mentions: "out of range")
        assertInvalid(try PaillierCiphertext(decimal: "-5", publicKey: publicKey), mentions: "out of range")
        assertInvalid(try PaillierCiphertext(decimal: "\(nSquared)", publicKey: publicKey), mentions: "out of range")
        assertInvalid(try PaillierCiphertext(decimal: "\(nSquared + BigInteger(1))", publicKey: publicKey), mentions: "out of range")
    }

    func testCiphertextsSharingAFactorWithNAreRejected() {
        let p = TestKeys.key2048.p
        assertInvalid(try PaillierCiphertext(decimal: "\(p)", publicKey: publicKey), mentions: "not coprime")
        assertInvalid(try PaillierCiphertext(decimal: "\(publicKey.n)", publicKey: publicKey), mentions: "not coprime")
    }

    func testTamperedCiphertextDoesNotDecryptToTheOriginal() throws {
        let original = TestKeys.djn2048.encrypt(1000)
        var digits = Array("\(original.value)")
        let index = digits.count / 2
        digits[index] = digits[index] == "1" ? "2" : "1"
        let tampered = String(digits)
        do {
            let parsed = try PaillierCiphertext(decimal: tampered, publicKey: publicKey)
            // Paillier is malleable, not authenticated: a tampered value decrypts to an unrelated
            // number (or lands in the overflow band), never silently to the original.
            switch Result(catching: { try TestKeys.key2048.decrypt(parsed) }) {
            case .success(let value): XCTAssertNotEqual(value, BigInteger(1000))
            case .failure(let error): XCTAssertEqual((error as? PaillierError)?.kind, .overflow)
            }
        } catch let error as PaillierError {
            XCTAssertEqual(error.kind, .invalidCiphertext)
        }
    }
}
