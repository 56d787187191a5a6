import PrivacyRuntime
import XCTest

final class ShardFilteredSourceTests: XCTestCase {
    /// Yields fixed items once.
    private actor FixedSource: ReadingSource {
        var items: [SourceItem]?
        init(_ items: [SourceItem]) { self.items = items }
        func nextBatch(maxCount: Int) async throws -> [SourceItem]? {
            defer { items = nil }
            return items
        }
        func close() async {}
    }

    private func items(regions: [String]) -> [SourceItem] {
        regions.enumerated().map { index, region in
            .record(SourceRecord(
                meterID: "m\(index)", region: region, timestamp: Int64(index), value: ExactDecimal("1")!,
                position: SourcePosition(source: "test", line: index + 1), rawText: ""))
        } + [.malformed(RejectedReading(
            position: SourcePosition(source: "test", line: 99), rawText: "x", reason: .malformed, detail: "bad"))]
    }

    func testShardsSplitRecordsByRegionAndReportMalformedLinesOnce() async throws {
        let regions = (0..<40).map { "region-\($0)" }
        var records: [String] = []
        var malformed = 0
        for index in 0..<3 {
            let shard = ShardAssignment(index: index, count: 3)!
            let source = ShardFilteredSource.wrap(FixedSource(items(regions: regions)), shard: shard)
            for item in try await source.nextBatch(maxCount: 100) ?? [] {
                switch item {
                case .record(let record):
                    XCTAssertTrue(shard.owns(region: record.region))
                    records.append(record.region)
                case .malformed:
                    malformed += 1
                }
            }
        }
        XCTAssertEqual(records.sorted(), regions.sorted(), "every region's records on exactly one shard")
        XCTAssertEqual(malformed, 1)
    }

    func testNoShardLeavesTheSourceAlone() {
        let source = FixedSource([])
        XCTAssertTrue(ShardFilteredSource.wrap(source, shard: nil) as AnyObject === source)
        XCTAssertTrue(ShardFilteredSource.wrap(source, shard: .all) as AnyObject === source)
    }
}
