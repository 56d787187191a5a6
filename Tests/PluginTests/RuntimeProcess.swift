import Foundation

/// A `privacy-runtime` process started from a test (the executable built next to the test bundle), which the
/// test can kill with SIGKILL, as a power loss or the OOM killer would, or wait for.
final class RuntimeProcess {
    private let process = Process()
    /// Where its standard error goes.
    let stderrURL: URL

    /// Starts the executable with `arguments` and `environment` added to the test's; standard error to `stderrURL`.
    init(_ arguments: [String], environment: [String: String], stderrURL: URL) throws {
        self.stderrURL = stderrURL
        var folder = Bundle.main.bundleURL
        var executable: URL?
        for _ in 0..<4 where executable == nil {
            let candidate = folder.appendingPathComponent("privacy-runtime")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { executable = candidate }
            folder.deleteLastPathComponent()
        }
        guard let executable else { throw TestServicesError(message: "privacy-runtime is not built next to \(Bundle.main.bundleURL.path)") }
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
    }

    /// Whether it still runs.
    var isRunning: Bool { process.isRunning }

    /// Kills it with SIGKILL (no handler runs, nothing is flushed) and waits for it.
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Waits for it to exit and returns its status.
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// What it wrote to standard error so far.
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }
}
