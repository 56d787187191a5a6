import Foundation
import XCTest

/// The attack of issue 14 item 1: readings with distinctive values are rejected for every reason; nothing the
/// run writes (rejects, purge log, SQLite bytes, stdout, stderr) may contain one of those values as a number.
final class RejectedValueLeakTests: XCTestCase {
    private var workspace: Workspace!

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    /// A random integer part of 9 digits (13 with `large`), distinct from the others, so it cannot occur in the
    /// output by design.
    private func distinctive(_ taken: inout Set<Int>, large: Bool = false) -> Int {
        while true {
            let value = large ? Int.random(in: 1_000_000_000_001...9_999_999_999_999) : Int.random(in: 100_000_000...999_999_999)
            if taken.insert(value).inserted { return value }
        }
    }

    func testNoRejectedValueAppearsInAnythingTheRunWrites() throws {
        var taken = Set<Int>()
        var secrets: [Int] = []
        func secret(large: Bool = false) -> Int {
            let value = distinctive(&taken, large: large)
            secrets.append(value)
            return value
        }
        // Four meters every 10 minutes from 00:00 to 05:50, so the watermark passes the first windows.
        var lines = ["meter_id,region,timestamp,energy_wh"]
        for minute in stride(from: 0, to: 360, by: 10) {
            for meter in 1...4 {
                lines.append(String(format: "M%04d,north,2026-11-02T%02d:%02d:00Z,12.5", meter, minute / 60, minute % 60))
            }
        }
        let special: [(line: String, reason: String)] = [
            ("M0002,north,2026-11-02T05:50:00Z,\(secret()).125", "duplicate"),
            ("M0003,north,2026-11-02T00:35:00Z,\(secret()).375", "late"),
            ("M0004,north,2030-01-01T00:00:00Z,\(secret()).5", "future"),
            ("M0001,north,2026-11-02T05:55:00Z,-\(secret()).625", "out_of_range"),
            ("M0001,north,2026-11-02T05:56:00Z,\(secret(large: true)).5", "out_of_range"),
            ("M0002,north,2026-11-02T05:55:00Z,\(secret()).12345", "too_precise"),
            ("M0003,north,2026-11-02T05:55:00Z,\(secret()).125x", "bad_number"),
            ("M0004,north,\(secret()),12.5", "bad_timestamp"),
            ("garbage \(secret()).875 here", "malformed"),
        ]
        let firstSpecial = lines.count + 1
        lines += special.map(\.line)
        let input = try workspace.file("leak-input.csv", lines.joined(separator: "\n") + "\n")
        // Readings every 10 minutes fill half of the policy's 5-minute intervals; min_coverage 0.5 keeps the windows released.
        let billing = try workspace.policy("billing.yaml", edits: [
            (Workspace.shipped("examples/data/readings.csv").path, input.path), ("max: 1000000", "max: 1000000000000"),
            ("min_coverage: 0.9", "min_coverage: 0.5"),
        ])
        let inputs: Set<String> = [input.path, billing.path]
        let run = try CLIProcess.run(["--policy", billing.path])
        XCTAssertEqual(run.exitCode, 0, run.stderr)

        // Each distinctive reading was rejected for the reason it was built for.
        let rejects = try rejectEntries()
        var expected: [Int: String] = [:]
        for (offset, entry) in special.enumerated() { expected[firstSpecial + offset] = entry.reason }
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: rejects.map { ($0["line"] as! Int, $0["reason"] as! String) }), expected)
        for entry in rejects {
            let parsed = ["duplicate", "late", "future", "out_of_range", "too_precise"].contains(entry["reason"] as! String)
            XCTAssertEqual((entry["hmac"] as? String)?.count, 64, "billing.yaml names the demo runtime key: \(entry)")
            XCTAssertEqual(entry["masked"] != nil, !parsed, "\(entry)")
            XCTAssertNil(entry["raw"], "\(entry)")
        }

        // Every byte the run wrote, as Latin-1 so that binary files (SQLite) read too.
        var written: [(String, String)] = [("stdout", run.stdout), ("stderr", run.stderr)]
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(at: workspace.folder, includingPropertiesForKeys: nil))
        for case let url as URL in enumerator where !inputs.contains(url.path) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            written.append((url.lastPathComponent, String(decoding: try Data(contentsOf: url).map { UInt16($0) }, as: UTF16.self)))
        }
        XCTAssertTrue(written.contains { $0.0.hasSuffix(".sqlite") }, "\(written.map(\.0))")
        XCTAssertTrue(written.contains { $0.0.contains(".purge") }, "\(written.map(\.0))")
        for value in secrets {
            let number = try NSRegularExpression(pattern: "(?<![0-9])\(value)(?![0-9])")
            for (name, text) in written {
                let range = NSRange(text.startIndex..., in: text)
                XCTAssertNil(number.firstMatch(in: text, range: range), "rejected value \(value) appears in \(name)")
            }
        }
    }

    /// The rejects files' entries.
    private func rejectEntries() throws -> [[String: Any]] {
        let files = try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path)
            .filter { $0.hasPrefix("household-billing.rejects.") && $0.hasSuffix(".jsonl") }
        XCTAssertFalse(files.isEmpty, "no rejects file in \(workspace.folder.path)")
        return try files.flatMap { name in
            try String(contentsOf: workspace.folder.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map {
                try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
        }
    }
}
