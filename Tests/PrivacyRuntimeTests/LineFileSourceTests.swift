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

    func testALineOverTheLimitIsRejectedAsTooLongAndTheNextLinesStillCount() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("long-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let long = "m9,r,2024-01-01T00:00:00Z," + String(repeating: "1", count: 300_000)   // several chunks
        let atLimit = "m2,r,2024-01-01T00:00:00Z," + String(repeating: "0", count: 1000 - 26) + "2"
        let text = ["meter_id,region,timestamp,energy_wh", "m1,r,2024-01-01T00:00:00Z,1", long, atLimit, "m3,r,2024-01-01T00:05:00Z,3", long].joined(separator: "\n")
        try Data(text.utf8).write(to: url)
        XCTAssertEqual(atLimit.utf8.count, 1001)
        let source = try LineFileSource(path: url.path, format: .csv, maxLineBytes: 1001)
        var items: [SourceItem] = []
        while let batch = try await source.nextBatch(maxCount: 2) { items += batch }
        await source.close()
        var seen: [String] = []
        for item in items {
            switch item {
            case .record(let r): seen.append("\(r.position.line):\(r.meterID)=\(r.value!)")
            case .malformed(let r):
                seen.append("\(r.position.line):\(r.reason.rawValue)")
                XCTAssertEqual(r.rawText, String(long.prefix(LineReader.shownBytes)) + "…")
                XCTAssertEqual(r.detail, "line of \(long.utf8.count) bytes is longer than the source's max_line_bytes 1001; only its first bytes are kept here")
            }
        }
        XCTAssertEqual(seen, ["2:m1=1", "3:too_long", "4:m2=2", "5:m3=3", "6:too_long"])
    }

    func testALongLineIsNeverHeldWhole() throws {
        // A 16 MiB line with the default limit: the reader keeps no more than a few chunks of it.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("huge-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        let block = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<16 { handle.write(block) }
        handle.write(Data("\nok\n".utf8))
        try handle.close()
        var reader = try LineReader(path: url.path)
        defer { reader.close() }
        guard case .tooLong(let prefix, let bytes) = try reader.nextLine() else { return XCTFail("expected too long") }
        XCTAssertEqual(bytes, 16 << 20)
        XCTAssertEqual(prefix.count, LineReader.shownBytes)
        XCTAssertLessThanOrEqual(reader.bufferedBytes, 4 * LineReader.standardMaxLineBytes)
        guard case .text(let next) = try reader.nextLine() else { return XCTFail("expected the next line") }
        XCTAssertEqual(next, "ok")
        XCTAssertNil(try reader.nextLine())
    }

    func testMissingFileIsAReadableError() {
        XCTAssertThrowsError(try LineFileSource(path: "/nonexistent/readings.csv", format: .csv)) {
            XCTAssertEqual("\($0)", "cannot open '/nonexistent/readings.csv': No such file or directory")
        }
    }
}
