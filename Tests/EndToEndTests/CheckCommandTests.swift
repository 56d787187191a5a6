import Foundation
import XCTest

/// `privacy-runtime check`: exit 0 with a disclosure summary for valid policies, exit 1 with every
/// located error otherwise.
final class CheckCommandTests: XCTestCase {
    private var workspace: Workspace!

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    func testShippedPoliciesAreValidAndTheSummarySaysWhatIsDisclosed() throws {
        let run = try CLIProcess.run(["check", "policies/billing.yaml", "policies/regional-statistics.yaml"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("per-household totals every 2h"), run.stdout)
        XCTAssertTrue(run.stdout.contains("per-region totals every 1h, only for windows with at least 5 meters"), run.stdout)
        XCTAssertTrue(run.stdout.contains("demo key"), run.stdout)
    }

    func testTheShippedPairPrintsTheirJointDisclosure() throws {
        let run = try CLIProcess.run(["check", "policies/billing.yaml", "policies/regional-statistics.yaml"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        for expected in [
            "Joint disclosure of 'household-billing', 'regional-statistics', run together on one stream",
            "region cells of 1h lie inside household windows of 2h (UTC); together the releases resolve 1h",
            "Finest value the key holder learns per meter: its 2h total ('household-billing'); region cells add only sums over at least 5 meters",
            "Region cells suppressed (primary): fewer than 5 meters",
            "Region cells suppressed (secondary)",
            "Hold: a region cell waits until the household windows of its block have closed: up to 1h",
        ] {
            XCTAssertTrue(run.stdout.contains(expected), "missing '\(expected)' in\n\(run.stdout)")
        }
    }

    /// Combinations the joint release cannot make safe: `check` refuses them with the reason (exit 1), and so does a run.
    func testWindowsThatDoNotNestAndFiltersThatDifferAreRefusedWithTheReason() throws {
        let cases: [(name: String, billing: [(String, String)], regional: [(String, String)], reason: String)] = [
            ("2h Europe/Berlin vs 2h UTC", [("window: 2h ", "timezone: Europe/Berlin\nwindow: 2h ")], [("window: 1h", "window: 2h")],
             "together resolve 1h, finer than the region window"),
            ("1h vs 45m", [("window: 2h ", "window: 45m ")], [],
             "together resolve 15m, finer than the region window"),
            ("lateness 10m vs 5m", [], [("lateness: 10m", "lateness: 5m")],
             "admit different readings (lateness 10m vs 5m)"),
            ("resolution", [], [("resolution: 0.001", "resolution: 0.01")],
             "admit different readings (readings (resolution, min, max, max_clock_skew))"),
        ]
        for item in cases {
            let billing = try workspace.policy("billing.yaml", edits: item.billing)
            let regional = try workspace.policy("regional-statistics.yaml", edits: item.regional)
            let check = try CLIProcess.run(["check", billing.path, regional.path])
            XCTAssertEqual(check.exitCode, 1, item.name)
            XCTAssertTrue(check.stderr.contains("cannot run together: "), "\(item.name): \(check.stderr)")
            XCTAssertTrue(check.stderr.contains(item.reason), "\(item.name): \(check.stderr)")
            let run = try CLIProcess.run(["--policy", billing.path, "--policy", regional.path, "--quiet"])
            XCTAssertNotEqual(run.exitCode, 0, item.name)
            XCTAssertTrue(run.stderr.contains(item.reason), "\(item.name): \(run.stderr)")
            // Each alone is fine.
            XCTAssertEqual(try CLIProcess.run(["check", billing.path]).exitCode, 0, item.name)
        }
    }

    func testEveryErrorIsReportedWithItsLocationAndExitIsOne() throws {
        let broken = try workspace.policy("billing.yaml", edits: [
            ("window: 2h ", "windw: 2h  "),
            ("obfuscation: djn", "obfuscation: fast"),
        ])
        let run = try CLIProcess.run(["check", broken.path])
        XCTAssertEqual(run.exitCode, 1)
        let lines = try String(contentsOf: broken, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let windowLine = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("windw:") }) + 1
        let obfuscationLine = try XCTUnwrap(lines.firstIndex { $0.contains("obfuscation: fast") }) + 1
        XCTAssertTrue(run.stderr.contains("\(broken.path):\(windowLine):1: error: unknown key 'windw'"), run.stderr)
        XCTAssertTrue(run.stderr.contains("\(broken.path):\(obfuscationLine):"), run.stderr)
        XCTAssertTrue(run.stderr.contains("fast"), run.stderr)
    }
}

/// `check` on a `nats` source with checkpoints: it says how the policy checkpoints, and refuses checkpoints without a
/// runtime key to seal them (a run would refuse too).
final class CheckpointCheckTests: XCTestCase {
    private func policy(_ workspace: Workspace, runtimeKey: Bool) throws -> URL {
        let key = Workspace.shipped("examples/keys/demo-runtime.runtime-key.json")
        let copy = workspace.folder.appendingPathComponent("runtime-key.json")
        try? FileManager.default.copyItem(at: key, to: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy.path)
        return try workspace.file("nats.yaml", """
            policy: regional
            scope: region
            window: 1h
            \(runtimeKey ? "runtime_key: \(copy.path)" : "")
            source:
              type: nats
              url: nats://127.0.0.1:4222
              stream: METERS
              checkpoint_every: 5s
              checkpoint_bucket: ckpt
            encrypt:
              type: paillier
              public_key: \(Workspace.shipped("examples/keys/demo-utility.pub.json").path)
            aggregate:
              type: sum
              min_meters: 5
            sinks:
              - type: jsonl
                path: \(workspace.folder.path)/out.jsonl
            """)
    }

    func testCheckDescribesTheCheckpointsAndRefusesThemWithoutARuntimeKey() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let valid = try CLIProcess.run(["check", try policy(workspace, runtimeKey: true).path])
        XCTAssertEqual(valid.exitCode, 0, valid.stderr)
        XCTAssertTrue(valid.stdout.contains("Checkpoints: every 5s into NATS key-value bucket 'ckpt' at nats://127.0.0.1:4222, sealed under the runtime key"), valid.stdout)
        XCTAssertTrue(valid.stdout.contains("warning: sink 'jsonl' appends: a window released after the latest checkpoint is appended again after a crash"), valid.stdout)
        let refused = try CLIProcess.run(["check", try policy(workspace, runtimeKey: false).path])
        XCTAssertEqual(refused.exitCode, 1)
        XCTAssertTrue(refused.stderr.contains("checkpoints hold open windows' accumulators and are sealed under the runtime key; add runtime_key:"), refused.stderr)
    }
}
