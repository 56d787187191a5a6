import XCTest
@testable import PrivacyRuntime

final class SimulateSourceTests: XCTestCase {
    private func readAll(_ fleet: SimulatedFleet) async throws -> [SourceRecord] {
        let source = SimulateSource(fleet: fleet)
        var records: [SourceRecord] = []
        while let batch = try await source.nextBatch(maxCount: 1000) {
            for case .record(let r) in batch { records.append(r) }
        }
        return records
    }

    func testSameSeedSameReadingsAndExpectedCount() async throws {
        let fleet = SimulatedFleet(meters: 7, regions: 3, intervalSeconds: 900, days: 1, seed: 42, start: 1_704_067_200)
        let a = try await readAll(fleet)
        let b = try await readAll(fleet)
        XCTAssertEqual(a.count, 7 * 96)
        XCTAssertEqual(a.count, fleet.readingCount)
        XCTAssertEqual(a.map(\.value), b.map(\.value))
        XCTAssertEqual(Set(a.map(\.region)).count, 3)
        var other = fleet
        other.seed = 43
        let c = try await readAll(other)
        XCTAssertNotEqual(a.map(\.value), c.map(\.value))
    }

    func testEveningPeakExceedsNightBaseLoad() async throws {
        let fleet = SimulatedFleet(meters: 50, regions: 5, intervalSeconds: 3600, days: 3, seed: 7, start: 1_704_067_200)
        let records = try await readAll(fleet)
        func total(hour: Int64) -> Int64 {
            records.filter { ($0.timestamp % 86_400) / 3600 == hour }.reduce(0) { $0 + $1.value!.units(decimalPlaces: 3)! }
        }
        XCTAssertGreaterThan(total(hour: 19), 3 * total(hour: 3))
        XCTAssertGreaterThan(total(hour: 8), total(hour: 3))
        XCTAssertTrue(records.allSatisfy { $0.value!.significand > 0 })
    }
}
