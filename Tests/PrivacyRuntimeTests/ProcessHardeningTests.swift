import Foundation
import XCTest
@testable import PrivacyRuntime

/// The run command's hardening: no core dump can hold readings. A hard limit only goes down (without
/// CAP_SYS_RESOURCE), so the check runs in a child test process: this one's children (CoreDumpTests starts the CLI)
/// need a core limit above 0 for their own check to mean anything.
final class ProcessHardeningTests: XCTestCase {
    private static let childVariable = "PRIVACY_RUNTIME_HARDENING_CHILD"

    func testCoreDumpsAreDisabledSoftAndHardAndTheProcessIsNotDumpable() throws {
        if ProcessInfo.processInfo.environment[Self.childVariable] == "1" {
            try checkHardeningOfThisProcess()
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["PrivacyRuntimeTests.ProcessHardeningTests/testCoreDumpsAreDisabledSoftAndHardAndTheProcessIsNotDumpable"]
        process.environment = ProcessInfo.processInfo.environment.merging([Self.childVariable: "1"]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, text)
        XCTAssertTrue(text.contains("Executed 1 test, with 0 failures"), text)
    }

    private func checkHardeningOfThisProcess() throws {
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
