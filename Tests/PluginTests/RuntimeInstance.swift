import Foundation

/// A `privacy-runtime` process started by a plugin test (the executable built beside the test bundle), its standard
/// error in a file, which a test can pause (SIGSTOP), resume (SIGCONT), stop (SIGTERM), kill (SIGKILL, as a power
/// loss or the OOM killer would) or wait for.
final class RuntimeInstance {
    private let process = Process()
    /// Where its standard error goes.
    let stderrURL: URL

    /// The executable built next to the test bundle.
    static var executable: URL {
        get throws {
            var folder = Bundle.main.bundleURL
            for _ in 0..<4 {
                let candidate = folder.appendingPathComponent("privacy-runtime")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                folder.deleteLastPathComponent()
            }
            throw TestServicesError(message: "privacy-runtime is not built near \(Bundle.main.bundleURL.path); run `swift build` first")
        }
    }

    /// Starts the executable with `arguments` in `directory` with `environment` added to the test's own.
    init(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws {
        stderrURL = directory.appendingPathComponent("stderr-\(UUID().uuidString.prefix(6)).log")
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = try Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
    }

    /// Publishes `csv` with `privacy-runtime publish --nats URL --topic-prefix PREFIX` and waits for it; returns its exit
    /// status (0 once the stream has acknowledged every reading).
    static func publish(_ csv: URL, nats url: String, prefix: String) throws -> Int32 {
        let process = Process()
        process.executableURL = try executable
        process.arguments = ["publish", "--nats", url, "--topic-prefix", prefix, "--input", csv.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Whether it still runs.
    var isRunning: Bool { process.isRunning }

    /// Kills it with SIGKILL (no handler runs, nothing is flushed) and waits for it.
    func kill() async {
        send(SIGKILL)
        _ = await finish(timeout: .seconds(10))
    }

    /// What it wrote to standard error so far.
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// Sends `signal` (SIGSTOP, SIGCONT, SIGTERM).
    func send(_ signal: Int32) {
        if process.isRunning { Foundation.kill(process.processIdentifier, signal) }
    }

    /// Waits up to `timeout` for its standard error to match `pattern`; returns the first match's capture groups.
    func waitFor(_ pattern: String, timeout: Duration) async throws -> [String]? {
        let expression = try NSRegularExpression(pattern: pattern)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = stderr
            if let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) {
                return (0..<match.numberOfRanges).map { String(text[Range(match.range(at: $0), in: text)!]) }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    /// Waits up to `timeout` for it to exit by itself (SIGKILL after that) and returns its exit status.
    func finish(timeout: Duration) async -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Stops it with SIGTERM (SIGKILL after `grace`) and returns its exit status.
    @discardableResult
    func terminate(grace: Duration = .seconds(10)) async -> Int32 {
        send(SIGCONT)
        send(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
