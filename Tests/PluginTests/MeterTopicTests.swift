@testable import MQTTSource
import PrivacyRuntime
import XCTest

final class MeterTopicTests: XCTestCase {
    func testRegionAndMeterAreTheLastTwoLevels() {
        XCTAssertEqual(MeterTopic.parse("meters/north/m-1")?.region, "north")
        XCTAssertEqual(MeterTopic.parse("meters/north/m-1")?.meterID, "m-1")
        XCTAssertEqual(MeterTopic.parse("utility/x/meters/south/m-2")?.region, "south")
        XCTAssertNil(MeterTopic.parse("meters/m-1"))
        XCTAssertNil(MeterTopic.parse("meters/north/"))
    }

    func testShardSubscribesOnlyToItsOwnRegionsWhenTheyAreKnown() {
        let regions = ["north", "south", "east", "west", "central"]
        let shard = ShardAssignment(index: 1, count: 2)!
        let owned = regions.filter { ShardAssignment.shard(of: $0, count: 2) == 1 }
        XCTAssertEqual(
            MeterTopic.subscriptions(filter: "meters/#", regions: regions, shard: shard),
            owned.map { "meters/\($0)/#" })
        XCTAssertEqual(MeterTopic.subscriptions(filter: "meters/#", regions: nil, shard: shard), ["meters/#"])
        XCTAssertEqual(MeterTopic.subscriptions(filter: "meters/+/+", regions: regions, shard: shard), ["meters/+/+"])
    }
}
