import Foundation
import XCTest

/// The key holder's view of a restart (issue 14, item 5): the runtime is killed while windows are open, then
/// started again, as an operator or a supervisor would. The key holder decrypts everything the sinks hold and
/// looks for a window released twice, or a partial window passed off as complete. Every window must appear at
/// most once, every complete window must equal the sums computed here from the input, and a window that lost
/// readings at the crash must be suppressed (or, with `release: {incomplete: mark}`, flagged incomplete).
final class ReleaseOnceTests: XCTestCase {
    private var workspace: Workspace!

    /// The example's readings: 50 meters in 5 regions every 5 minutes for a day.
    private var header = ""
    private var dataLines: [String] = []
    /// Readings sent before the kill: 4 full batches of 1,024 (the runtime has processed all of them when it
    /// waits for the fifth), ending inside the 06:00 hour.
    private let sentBeforeKill = 4 * 1024

    override func setUpWithError() throws {
        workspace = try Workspace()
        let lines = try String(contentsOf: Workspace.shipped("examples/data/readings.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        header = lines[0]
        dataLines = Array(lines.dropFirst())
    }

    override func tearDown() {
        workspace.remove()
    }

    /// A restart on a file source: the file replays from its start. Windows released before the crash must not
    /// be released again; the windows open at the crash get all their readings again and are complete.
    func testRestartOnAReplayedFileReleasesEveryWindowOnceAndComplete() throws {
        try crashMidRun()
        let rerun = try CLIProcess.run(["--policy", try policy("billing.yaml", source: .file).path,
                                        "--policy", try policy("regional-statistics.yaml", source: .file).path])
        XCTAssertEqual(rerun.exitCode, 0, rerun.stderr)
        XCTAssertTrue(rerun.stderr.contains("already_released"), "readings of released windows are rejected: \(rerun.stderr)")
        let released = try check(partialAllowed: .none)
        for (policy, windows) in released {
            XCTAssertEqual(Set(windows.keys), Set(try expected(policy).keys), "\(policy): every window released, once")
        }
    }

    /// A restart on a source that does not replay (a broker does not redeliver acknowledged QoS 1 messages): the
    /// runtime gets only the rest of the input. The windows open at the crash lost readings: suppressed.
    func testRestartWithoutReplaySuppressesTheWindowsOpenAtTheCrash() throws {
        try crashMidRun()
        let rerun = try restartWithTheRest(edits: [])
        XCTAssertTrue(rerun.contains("incomplete after a restart (suppressed)"), rerun)
        let released = try check(partialAllowed: .suppressed)
        for (policy, windows) in released {
            let missing = Set(try expected(policy).keys).subtracting(windows.keys)
            XCTAssertFalse(missing.isEmpty, "\(policy): the windows open at the crash are not released")
        }
    }

    /// As above with `release: {incomplete: mark}`: the windows open at the crash are released flagged incomplete.
    func testRestartWithoutReplayMarksTheWindowsOpenAtTheCrashWhenThePolicySaysMark() throws {
        try crashMidRun()
        let rerun = try restartWithTheRest(edits: [("on_shutdown:", "release:\n  incomplete: mark\non_shutdown:")])
        XCTAssertTrue(rerun.contains("incomplete after a restart (released marked)"), rerun)
        let released = try check(partialAllowed: .marked)
        XCTAssertTrue(try XCTUnwrap(released["regional-statistics"]).values.contains { $0.incomplete },
                      "regional-statistics: the windows open at the crash are marked")
        // A bill window that lost readings covers less than min_coverage (0.9 of its 5-minute intervals): that rule
        // suppresses it before `mark` applies.
        XCTAssertTrue(rerun.contains("below min_coverage"), rerun)
    }

    /// `--state-dir` puts the release point where the operator says, sealed under the demo runtime key with mode
    /// 0600; a state file changed by someone without the key stops the next run with one line.
    func testTheReleaseStateIsSealedWhereStateDirSaysAndAChangedOneIsRefused() throws {
        let state = workspace.folder.appendingPathComponent("runtime-state")
        let billing = try workspace.policy("billing.yaml", edits: [
            (Workspace.shipped("examples/data/readings.csv").path, try workspace.twoHoursOfExampleData().path)])
        let first = try CLIProcess.run(["--policy", billing.path, "--state-dir", state.path])
        XCTAssertEqual(first.exitCode, 0, first.stderr)
        let file = state.appendingPathComponent("household-billing.release.json")
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        XCTAssertEqual(attributes[.posixPermissions] as? Int, 0o600)
        let text = try String(contentsOf: file, encoding: .utf8)
        XCTAssertTrue(text.contains("\"sealed\":") && !text.contains("released_through"), text)

        // The key holder (or anyone without the runtime key) sets the release point back.
        try text.replacingOccurrences(of: "\"sealed\":\"", with: "\"sealed\":\"AAAA").write(to: file, atomically: true, encoding: .utf8)
        let second = try CLIProcess.run(["--policy", billing.path, "--state-dir", state.path])
        XCTAssertEqual(second.exitCode, 1)
        XCTAssertEqual(second.stderr.split(separator: "\n").count, 1, second.stderr)
        XCTAssertTrue(second.stderr.contains("release state \(file.path) does not authenticate under runtime key"), second.stderr)
        XCTAssertEqual(try decrypted("billing.sqlite").count, 50, "the first run's 50 windows, none again")
    }

    // MARK: - The crash and the restart

    private enum Source { case file, stdin }

    /// A shipped policy whose sinks are its SQLite database and a JSON Lines file, reading the example file or
    /// standard input; `edits` as `Workspace.policy` takes them. Named after the source, so both variants share
    /// the sinks, rejects, purge log and state.
    private func policy(_ name: String, source: Source, edits: [(String, String)] = []) throws -> URL {
        let database = name == "billing.yaml" ? "billing" : "regional"
        let readings = Workspace.shipped("examples/data/readings.csv").path
        var all = edits + [("    path: \(workspace.folder.path)/\(database).sqlite",
                            "    path: \(workspace.folder.path)/\(database).sqlite\n  - type: jsonl\n    path: \(workspace.folder.path)/\(database).jsonl")]
        if source == .stdin { all.append(("  type: csv\n  path: \(readings)", "  type: stdin\n  # was \(readings)")) }
        let url = try workspace.policy(name, edits: all)
        let renamed = workspace.folder.appendingPathComponent("\(source)-\(name)")
        try? FileManager.default.removeItem(at: renamed)
        try FileManager.default.moveItem(at: url, to: renamed)
        return renamed
    }

    /// Runs both policies on standard input, sends the first `sentBeforeKill` readings, waits until every batch is
    /// processed (the purge log records each) and released, then kills the process with SIGKILL.
    private func crashMidRun() throws {
        let cli = try BackgroundCLI(
            ["--policy", try policy("billing.yaml", source: .stdin).path,
             "--policy", try policy("regional-statistics.yaml", source: .stdin).path],
            in: workspace.folder, stderrURL: workspace.folder.appendingPathComponent("crashed-run.stderr"))
        defer { cli.kill() }
        do {
            try cli.send(([header] + dataLines.prefix(sentBeforeKill)).joined(separator: "\n") + "\n")
        } catch {
            cli.kill()
            XCTFail("the first run ended early: \(cli.stderr)")
            throw error
        }
        let batches = sentBeforeKill / 1024
        let deadline = Date().addingTimeInterval(300)
        while try destroyedBatches("household-billing") < batches || destroyedBatches("regional-statistics") < batches {
            XCTAssertTrue(cli.isRunning, cli.stderr)
            guard cli.isRunning, Date() < deadline else { throw XCTSkip("the first run did not process its input: \(cli.stderr)") }
            Thread.sleep(forTimeInterval: 0.2)
        }
        // The release step follows the purge log's record of the same batch; give it time to reach the sinks.
        Thread.sleep(forTimeInterval: 2)
        XCTAssertTrue(cli.isRunning, "the first run waits for more input: \(cli.stderr)")
        cli.kill()
        XCTAssertFalse(try decrypted("billing.sqlite").isEmpty, "windows were released before the crash")
    }

    /// Batches whose readings `policy`'s purge log says were destroyed.
    private func destroyedBatches(_ policy: String) throws -> Int {
        let url = workspace.folder.appendingPathComponent("\(policy).purge.jsonl")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return 0 }
        return text.split(separator: "\n").filter { $0.contains("\"readings_destroyed\"") }.count
    }

    /// Runs both policies again on standard input with the readings not sent before the crash; returns stderr.
    private func restartWithTheRest(edits: [(String, String)]) throws -> String {
        let rest = ([header] + dataLines.dropFirst(sentBeforeKill)).joined(separator: "\n") + "\n"
        let rerun = try CLIProcess.run(["--policy", try policy("billing.yaml", source: .stdin, edits: edits).path,
                                        "--policy", try policy("regional-statistics.yaml", source: .stdin, edits: edits).path],
                                       in: workspace.folder, stdin: rest)
        XCTAssertEqual(rerun.exitCode, 0, rerun.stderr)
        return rerun.stderr
    }

    // MARK: - What the key holder finds

    /// One decrypted window.
    private struct Released: Equatable {
        var total: WindowTotal
        var incomplete: Bool
    }

    private enum PartialWindows { case none, suppressed, marked }

    /// Decrypts both sinks of both policies and checks them against the input; returns each policy's windows.
    private func check(partialAllowed: PartialWindows) throws -> [String: [WindowKey: Released]] {
        let firstPart = Array(try readings().prefix(sentBeforeKill))
        var result: [String: [WindowKey: Released]] = [:]
        for (policy, database) in [("household-billing", "billing"), ("regional-statistics", "regional")] {
            let expected = try expected(policy)
            let hadReadingsBeforeTheCrash = Set(windows(policy, of: firstPart).keys)
            let stored = try decrypted("\(database).sqlite").filter { $0.policy == policy }
            let appended = try decrypted("\(database).jsonl").filter { $0.policy == policy }
            for (name, rows) in [("sqlite", stored), ("jsonl", appended)] {
                let twice = Dictionary(grouping: rows, by: \.key).filter { $0.value.count > 1 }.keys
                XCTAssertTrue(twice.isEmpty, "\(policy) \(name): windows released more than once: \(twice.sorted { $0.description < $1.description })")
            }
            let windows = Dictionary(stored.map { ($0.key, Released(total: $0.total, incomplete: $0.incomplete)) }) { first, _ in first }
            XCTAssertEqual(windows, Dictionary(appended.map { ($0.key, Released(total: $0.total, incomplete: $0.incomplete)) }) { first, _ in first },
                           "\(policy): both sinks hold the same windows")
            for (key, window) in windows {
                guard let whole = expected[key] else {
                    XCTFail("\(policy): \(key) is not a window of the input")
                    continue
                }
                if window.incomplete {
                    XCTAssertEqual(partialAllowed, .marked, "\(policy): \(key) marked incomplete")
                    XCTAssertTrue(hadReadingsBeforeTheCrash.contains(key), "\(policy): \(key) marked but had no readings before the crash")
                    XCTAssertLessThan(window.total.readings, whole.readings, "\(policy): \(key) marked incomplete has every reading")
                    XCTAssertLessThanOrEqual(window.total.milliWh, whole.milliWh)
                } else {
                    XCTAssertEqual(window.total, whole, "\(policy): \(key) is released as complete but does not equal the input's sums")
                }
            }
            for key in Set(expected.keys).subtracting(windows.keys) {
                XCTAssertNotEqual(partialAllowed, .none, "\(policy): \(key) was never released")
                XCTAssertTrue(hadReadingsBeforeTheCrash.contains(key), "\(policy): \(key) had all its readings after the restart but was not released")
            }
            result[policy] = windows
        }
        return result
    }

    private func readings() throws -> [ExampleReading] {
        try ExpectedAggregates.readings(csv: Workspace.shipped("examples/data/readings.csv"))
    }

    /// `policy`'s windows over `readings` (region windows below min_meters 5 left out, as the policy suppresses them).
    private func windows(_ policy: String, of readings: [ExampleReading]) -> [WindowKey: WindowTotal] {
        policy == "household-billing"
            ? ExpectedAggregates.windows(readings, windowSeconds: 7200) { $0.meterID }
            : ExpectedAggregates.windows(readings, windowSeconds: 3600) { $0.region }
    }

    private func expected(_ policy: String) throws -> [WindowKey: WindowTotal] {
        windows(policy, of: try readings()).filter { policy == "household-billing" || $0.value.meters >= 5 }
    }

    /// One decrypted row, from `decrypt --format json` (whose `incomplete` is absent before the runtime had it).
    private struct Row {
        var policy: String
        var key: WindowKey
        var total: WindowTotal
        var incomplete: Bool
    }

    /// Decrypts the sink file `name` in the workspace with the demo private key.
    private func decrypted(_ name: String) throws -> [Row] {
        let kind = name.hasSuffix(".sqlite") ? "sqlite" : "jsonl"
        let path = workspace.folder.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let run = try CLIProcess.run(["decrypt", "--key", try workspace.demoPrivateKey().path,
                                      "--input", "\(kind):\(path)", "--format", "json"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        let formatter = ISO8601DateFormatter()
        return try run.stdout.split(separator: "\n").map { line in
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let start = try XCTUnwrap((object["window_start"] as? String).flatMap(formatter.date(from:)))
            return Row(
                policy: try XCTUnwrap(object["policy"] as? String),
                key: WindowKey(scopeKey: try XCTUnwrap(object["key"] as? String), windowStart: Int64(start.timeIntervalSince1970)),
                total: WindowTotal(readings: try XCTUnwrap(object["readings"] as? Int), meters: try XCTUnwrap(object["meters"] as? Int),
                                   milliWh: try XCTUnwrap((object["total"] as? String).flatMap(ExpectedAggregates.milliUnits))),
                incomplete: object["incomplete"] as? Bool ?? false)
        }
    }
}
