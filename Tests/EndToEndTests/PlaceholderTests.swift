import XCTest
@testable import Paillier
final class PlaceholderTests: XCTestCase { func testModuleLinks() { XCTAssertNotNil(Obfuscation.self) } }
