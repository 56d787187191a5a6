import XCTest
@testable import Policy
final class PlaceholderTests: XCTestCase { func testModuleLinks() { XCTAssertNotNil(PolicyModule.self) } }
