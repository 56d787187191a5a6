import Foundation
import XCTest
@testable import PrivacyRuntime

final class LineFileSourceTests: XCTestCase {
    func testReportsFileLineNumbersSkippingBlankLinesAndCRLF() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let text = "meter_id,region,timestamp,energy_wh\r\nm1,r,2024-01-01T00:00:00Z,1.5\r\n\r\nm2,r,bad,2\nm3,r,2024-01-01T00:05:00Z,3"
        try Data(text.utf8).write(to: url)
        let source = try LineFileSource(path: url.path, format: .csv)
        var items: [SourceItem] = []
        while let batch = try await source.nextBatch(maxCount: 2) { items += batch }
        await source.close()
        XCTAssertEqual(items.count, 3)
        var lines: [Int] = []
        for item in items {
            switch item {
            case .record(let r): lines.append(r.position.line)
            case .malformed(let r): lines.append(-r.position.line)
            }
        }
        XCTAssertEqual(lines, [2, -4, 5])
    }

    func testMissingFileIsAReadableError() {
        XCTAssertThrowsError(try LineFileSource(path: "/nonexistent/readings.csv", format: .csv)) {
            XCTAssertEqual("\($0)", "cannot open '/nonexistent/readings.csv': No such file or directory")
        }
    }
}
