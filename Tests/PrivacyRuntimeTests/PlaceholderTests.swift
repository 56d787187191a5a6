import XCTest
@testable import PrivacyRuntime
final class PlaceholderTests: XCTestCase { func testModuleLinks() { XCTAssertNotNil(PrivacyRuntimeModule.self) } }
