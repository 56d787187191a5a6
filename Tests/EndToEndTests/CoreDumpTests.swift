import Foundation
import XCTest

/// A running `privacy-runtime` holds plaintext readings in memory; it disables core dumps for itself at start.
final class CoreDumpTests: XCTestCase {
    private var workspace: Workspace!

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    func testARunningRunHasCoreDumpsDisabledSoftAndHard() throws {
        // Let children inherit a core limit above 0, so that only the runtime itself can have lowered it.
        let resource = __rlimit_resource_t(RLIMIT_CORE.rawValue)
        var saved = rlimit()
        XCTAssertEqual(getrlimit(resource, &saved), 0)
        var raised = rlimit(rlim_cur: min(saved.rlim_max, 1 << 20), rlim_max: saved.rlim_max)
        guard raised.rlim_max > 0, setrlimit(resource, &raised) == 0 else {
            throw XCTSkip("this process's hard core limit is 0, so a child's limit of 0 would prove nothing")
        }
        defer { _ = setrlimit(resource, &saved) }

        // The billing policy reading standard input, which the test keeps open while it looks at the process.
        let shipped = try workspace.policy("billing.yaml")
        var lines = try String(contentsOf: shipped, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeAll { $0.hasPrefix("  path:") && $0.contains("readings.csv") }
        let typeLine = try XCTUnwrap(lines.firstIndex(of: "  type: csv"))
        lines[typeLine] = "  type: stdin"
        let policy = try workspace.file("stdin-billing.yaml", lines.joined(separator: "\n"))

        let process = Process()
        process.executableURL = try CLIProcess.executable
        process.arguments = ["--policy", policy.path, "--quiet"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("meter_id,region,timestamp,energy_wh\nM0001,north,2026-11-02T00:00:00Z,1.5\n".utf8))

        var core: [Substring] = []
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, process.isRunning {
            let limits = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/limits", encoding: .utf8)) ?? ""
            let line = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") } ?? ""
            core = Array(line.split(separator: " ").dropFirst(4).prefix(2))
            if core == ["0", "0"] { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(core, ["0", "0"], "the run's core limit (soft, hard) while it ran")
    }
}
