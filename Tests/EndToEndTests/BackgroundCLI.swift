import Foundation

/// A `privacy-runtime` process that a test feeds through standard input while it runs, and can kill with SIGKILL
/// as a crash would (no signal handler runs, nothing is flushed or closed).
final class BackgroundCLI {
    private let process = Process()
    private let input = Pipe()
    /// Where the process's standard error goes, for failure messages.
    let stderrURL: URL

    /// Starts the executable with `arguments` in `directory`; its standard error goes to `stderrURL`.
    init(_ arguments: [String], in directory: URL, stderrURL: URL) throws {
        self.stderrURL = stderrURL
        // A process that ended early must fail the test, not kill it with SIGPIPE when the test writes to it.
        signal(SIGPIPE, SIG_IGN)
        process.executableURL = try CLIProcess.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
    }

    /// Writes `text` to the process's standard input (the pipe stays open); throws if the process has gone.
    func send(_ text: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    /// Whether the process still runs.
    var isRunning: Bool { process.isRunning }

    /// Kills the process with SIGKILL and waits for it.
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// What the process wrote to standard error so far.
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }
}
