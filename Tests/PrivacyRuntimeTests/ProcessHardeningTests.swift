import Foundation
import XCTest
@testable import PrivacyRuntime

/// The run command's hardening, called in this test process: no core dump can hold readings.
final class ProcessHardeningTests: XCTestCase {
    func testCoreDumpsAreDisabledSoftAndHardAndTheProcessIsNotDumpable() throws {
        XCTAssertEqual(ProcessHardening.isDumpable, true, "a test process starts dumpable")
        try ProcessHardening.disableCoreDumps()
        var limit = rlimit()
        XCTAssertEqual(getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit), 0)
        XCTAssertEqual(limit.rlim_cur, 0)
        XCTAssertEqual(limit.rlim_max, 0)
        XCTAssertEqual(ProcessHardening.isDumpable, false)
        // /proc/self/status does not show the flag, but /proc/self/limits shows the limit as the kernel keeps it.
        let limits = try String(contentsOfFile: "/proc/self/limits", encoding: .utf8)
        let core = try XCTUnwrap(limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") })
        XCTAssertEqual(core.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2), ["0", "0"])
    }
}
