import Foundation
import XCTest
@testable import PrivacyRuntime

/// `LineFileSource` parses a batch's lines on every core (`CPUBoundWork.map`): its items must be what parsing the
/// lines one by one gives, in input order, with the lines' own numbers, whatever the batch size.
final class ParallelLineDecodingTests: XCTestCase {
    /// Line `i` of a JSON Lines file with good readings and, at known places, blank, malformed and over-long lines.
    private func line(_ index: Int) -> String {
        let timestamp = RFC3339.format(1_704_067_200 + Int64(index) * 300)
        switch index % 11 {
        case 3: return ""
        case 5: return #"{"meter_id":"m\#(index)","region":"r","timestamp":"not a time","energy_wh":1}"#
        case 7: return #"{"meter_id":"m\#(index)" "region":"r"}"#
        case 9: return #"{"meter_id":"m\#(index)","region":"r","timestamp":"\#(timestamp)","energy_wh":"\#(String(repeating: "7", count: 600))"}"#
        default: return #"{"meter_id":"m\#(index)","region":"r\#(index % 4)","timestamp":"\#(timestamp)","energy_wh":\#(index).25}"#
        }
    }

    /// An item as text that names everything the rejects file or admission would see.
    private func describe(_ item: SourceItem) -> String {
        switch item {
        case .record(let record):
            "record \(record.position) \(record.meterID) \(record.region) \(record.timestamp) \(record.reading) \(record.rawText)"
        case .malformed(let rejected):
            "malformed \(rejected.position) \(rejected.reason.rawValue) \(rejected.detail) \(rejected.rawText)"
        }
    }

    func testItemsAreTheLinesParsedOneByOneInInputOrder() async throws {
        let count = 2_000
        let lines = (1...count).map(line)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parallel-\(UUID()).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(lines.joined(separator: "\n").utf8).write(to: url)
        let decoder = JSONLRecordDecoder(names: .canonical)
        var expected: [String] = []
        for (offset, text) in lines.enumerated() {
            let position = SourcePosition(source: url.path, line: offset + 1)
            if text.isEmpty { continue }
            if text.utf8.count > 500 {
                expected.append("malformed \(position) too_long line of \(text.utf8.count) bytes is longer than the source's max_line_bytes 500; only its first bytes are kept here \(text.prefix(LineReader.shownBytes))…")
            } else {
                expected.append(describe(decoder.decode(text, position: position)))
            }
        }
        for batchSize in [1, 7, 64, 1024, 5_000] {
            let source = try LineFileSource(path: url.path, format: .jsonl, maxLineBytes: 500)
            var items: [String] = []
            while let batch = try await source.nextBatch(maxCount: batchSize) {
                XCTAssertLessThanOrEqual(batch.count, batchSize)
                items += batch.map(describe)
            }
            await source.close()
            XCTAssertEqual(items.count, expected.count, "batch size \(batchSize)")
            XCTAssertEqual(items, expected, "batch size \(batchSize)")
        }
    }

    func testCSVLinesAfterTheHeaderAreTheLinesParsedOneByOne() async throws {
        let header = "timestamp,energy_wh,region,meter_id"
        let lines = [header] + (1...1_500).map { index -> String in
            let timestamp = RFC3339.format(1_704_067_200 + Int64(index) * 300)
            switch index % 13 {
            case 4: return ""
            case 6: return "\(timestamp),x\(index),r,m\(index)"
            case 8: return "\(timestamp),\"1,r,m\(index)"
            case 10: return "\(timestamp),2"
            default: return "\(timestamp),\(index).5,r\(index % 3),m\(index)"
            }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parallel-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(lines.joined(separator: "\n").utf8).write(to: url)
        let decoder = try CSVRecordDecoder(header: header, names: .canonical, position: SourcePosition(source: url.path, line: 1))
        let expected = lines.enumerated().dropFirst().filter { !$0.element.isEmpty }.map { offset, text in
            describe(decoder.decode(text, position: SourcePosition(source: url.path, line: offset + 1)))
        }
        let source = try LineFileSource(path: url.path, format: .csv)
        var items: [String] = []
        while let batch = try await source.nextBatch(maxCount: 1_024) { items += batch.map(describe) }
        await source.close()
        XCTAssertEqual(items, expected)
    }

    func testMapKeepsTheOrderForEverySize() async throws {
        for count in [0, 1, 31, 63, 64, 65, 1_000, 10_007] {
            let input = (0..<count).map { $0 * 7 + 3 }
            let mapped = try await CPUBoundWork.map(input, share: 4) { "\($0 * $0)" }
            XCTAssertEqual(mapped, input.map { "\($0 * $0)" }, "\(count) elements")
        }
    }
}
