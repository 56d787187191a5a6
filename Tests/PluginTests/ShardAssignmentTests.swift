import PrivacyRuntime
import XCTest

final class ShardAssignmentTests: XCTestCase {
    func testFNV1a64MatchesPublishedVectors() {
        // Vectors from the FNV reference test suite (64-bit FNV-1a).
        XCTAssertEqual(ShardAssignment.fnv1a64(""), 0xcbf2_9ce4_8422_2325)
        XCTAssertEqual(ShardAssignment.fnv1a64("a"), 0xaf63_dc4c_8601_ec8c)
        XCTAssertEqual(ShardAssignment.fnv1a64("foobar"), 0x8594_4171_f739_67e8)
    }

    func testJumpHashMatchesTheReferenceImplementation() {
        // Computed with an independent Python transcription of the paper's C++ JumpConsistentHash.
        let expected: [UInt64: [Int]] = [
            0: [0, 0, 0, 0, 0], 1: [0, 0, 0, 6, 549], 0xdead_beef: [0, 1, 2, 5, 285], UInt64.max: [0, 1, 2, 9, 313],
        ]
        for (key, buckets) in expected {
            XCTAssertEqual([1, 2, 3, 10, 1000].map { ShardAssignment.jumpHash(key, buckets: $0) }, buckets, "key \(key)")
        }
        XCTAssertEqual(
            ["north", "south", "east", "west", "central"].map { ShardAssignment.shard(of: $0, count: 3) }, [2, 1, 2, 2, 0])
    }

    func testRegionsSpreadEvenlyAndGrowingMovesOnlyToTheNewShard() {
        let regions = (0..<4000).map { "region-\($0)" }
        for count in [2, 4, 5] {
            var sizes = [Int](repeating: 0, count: count)
            for region in regions { sizes[ShardAssignment.shard(of: region, count: count)] += 1 }
            let expected = regions.count / count
            XCTAssertTrue(sizes.allSatisfy { abs($0 - expected) < expected / 10 }, "\(sizes)")
        }
        for region in regions {
            let before = ShardAssignment.shard(of: region, count: 4), after = ShardAssignment.shard(of: region, count: 5)
            XCTAssertTrue(after == before || after == 4, region)
        }
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
