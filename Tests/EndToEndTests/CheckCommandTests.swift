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
