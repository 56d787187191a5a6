import Foundation
import XCTest
@testable import Policy

/// `release:`: what happens to a window a restart may have left partial, and where the release point is kept.
final class ReleaseRulesTests: XCTestCase {
    func testWithoutReleaseSectionIncompleteWindowsAreSuppressedAndTheRuntimeChoosesTheStateDirectory() throws {
        let loaded = try loadPolicy(validPolicyLines.joined(separator: "\n"))
        XCTAssertEqual(loaded.release, ReleaseRules(incomplete: .suppress, stateDirectory: nil))
    }

    func testReleaseSectionIsRead() throws {
        let loaded = try loadPolicy(policy(appending: "release:", "  incomplete: mark", "  state_dir: ../state"))
        XCTAssertEqual(loaded.release.incomplete, .mark)
        XCTAssertEqual(loaded.release.stateDirectory?.path, "/tmp/state")
        let suppress = try loadPolicy(policy(appending: "release: {incomplete: suppress, state_dir: /var/lib/privacy-runtime}"))
        XCTAssertEqual(suppress.release, ReleaseRules(incomplete: .suppress, stateDirectory: URL(fileURLWithPath: "/var/lib/privacy-runtime")))
    }

    func testBadReleaseValuesAreLocatedErrors() {
        XCTAssertEqual(diagnostics(policy(appending: "release:", "  incomplete: drop")), [
            "test.yaml:18:15: error: invalid value 'drop' for 'incomplete' (expected suppress or mark)",
        ])
        XCTAssertEqual(diagnostics(policy(appending: "release:", "  incomplet: mark")), [
            "test.yaml:18:3: error: unknown key 'incomplet' in release (did you mean 'incomplete'?)",
        ])
        XCTAssertEqual(diagnostics(policy(appending: "release:", "  state_dir: ''")), [
            "test.yaml:18:14: error: 'state_dir' is empty",
        ])
        XCTAssertEqual(diagnostics(policy(appending: "release: mark")), [
            "test.yaml:17:10: error: expected a mapping for 'release', found 'mark'",
        ])
    }

    func testCheckSaysWhereTheReleasePointIsKeptAndWhatHappensToIncompleteWindows() throws {
        let marked = try loadPolicy(policy(appending: "release: {incomplete: mark, state_dir: /srv/state}"))
        let summary = DisclosureSummary(policy: marked, facts: .init(keyID: "k1", isDemoKey: false))
        XCTAssertTrue(summary.learns.contains("totals of windows open at a crash, marked incomplete (readings may be lost; the total is a lower bound)"), "\(summary.learns)")
        XCTAssertEqual(summary.release, "Release: each window is released once; the release point is kept in /srv/state/ (the runtime operator's state, not authenticated: no runtime_key); after a restart a reading for a released window is rejected (already_released), and a window open at the crash whose readings the source cannot replay is released marked incomplete (release.incomplete: mark)")
        XCTAssertTrue(summary.description.contains("\n" + summary.release + "\n"), summary.description)

        let suppressed = try loadPolicy(policy(appending: "runtime_key: /etc/privacy-runtime/site.runtime-key.json"))
        let facts = DisclosureSummary.Facts(keyID: "k1", isDemoKey: false, releaseStatePath: "/var/lib/privacy-runtime/test-billing.release.json")
        let plain = DisclosureSummary(policy: suppressed, facts: facts)
        XCTAssertFalse(plain.learns.contains { $0.contains("incomplete") })
        XCTAssertTrue(plain.release.contains("kept in /var/lib/privacy-runtime/test-billing.release.json (the runtime operator's state, sealed under the runtime key)"), plain.release)
        XCTAssertTrue(plain.release.hasSuffix("is suppressed (release.incomplete: suppress)"), plain.release)
    }
}
