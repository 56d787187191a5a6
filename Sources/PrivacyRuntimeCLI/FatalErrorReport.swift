import ArgumentParser
import Foundation

/// Turns any error into the CLI's fatal-error form: readable lines on standard error (one per problem,
/// `privacy-runtime: error: …` unless the message is already located), exit status 1, no stack trace.
enum FatalErrorReport {
    /// Prints `error` and returns the exit code to throw.
    static func exit(with error: any Error) -> ExitCode {
        StatusLine.shared.clear()
        let lines = "\(error)".split(separator: "\n", omittingEmptySubsequences: true)
        let text = lines.map { $0.contains(": error: ") ? String($0) : "privacy-runtime: error: \($0)" }.joined(separator: "\n")
        FileHandle.standardError.write(Data((text + "\n").utf8))
        return ExitCode(1)
    }

    /// Runs a command's body, turning any error except an explicit exit code into the fatal-error form.
    static func reporting(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCode {
            throw error
        } catch {
            throw exit(with: error)
        }
    }
}
