import PrivacyRuntime
import XCTest

final class ShardAssignmentTests: XCTestCase {
    func testFNV1a64MatchesPublishedVectors() {
        // Vectors from the FNV reference test suite (64-bit FNV-1a).
        XCTAssertEqual(ShardAssignment.fnv1a64(""), 0xcbf2_9ce4_8422_2325)
        XCTAssertEqual(ShardAssignment.fnv1a64("a"), 0xaf63_dc4c_8601_ec8c)
        XCTAssertEqual(ShardAssignment.fnv1a64("foobar"), 0x8594_4171_f739_67e8)
    }

    func testParsesKOverNAndRefusesTheRest() {
        XCTAssertEqual(ShardAssignment(parsing: "1/3"), ShardAssignment(index: 1, count: 3))
        XCTAssertEqual(ShardAssignment(parsing: "1/3")?.description, "1/3")
        for bad in ["3/3", "-1/2", "a/b", "1", "1/0", "0/2/3", ""] {
            XCTAssertNil(ShardAssignment(parsing: bad), bad)
        }
    }

    func testEveryRegionHasExactlyOneOwner() {
        let regions = (0..<200).map { "region-\($0)" }
        for count in 1...5 {
            let shards = (0..<count).map { ShardAssignment(index: $0, count: count)! }
            for region in regions {
                XCTAssertEqual(shards.filter { $0.owns(region: region) }.count, 1, "\(region) in \(count) shards")
            }
        }
        XCTAssertTrue(regions.allSatisfy { ShardAssignment.all.owns(region: $0) })
    }
}
