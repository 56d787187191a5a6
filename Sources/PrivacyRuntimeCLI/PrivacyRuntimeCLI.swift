import ArgumentParser
import Foundation
import Policy
import PrivacyRuntime

/// The CLI entry point that `privacy-runtime` and custom builds call with their stage registry.
///
/// ```swift
/// var registry = StageRegistry.builtIn
/// SQLiteSinkPlugin.register(in: &registry)
/// MyWebhookSink.register(in: &registry)
/// await PrivacyRuntimeCLI.main(registry: registry)
/// ```
public enum PrivacyRuntimeCLI {
    /// Parses `arguments`, runs the command and exits: 0 on success, 1 with readable lines on stderr on error.
    public static func main(
        registry: StageRegistry, arguments: [String] = Array(CommandLine.arguments.dropFirst())
    ) async -> Never {
        let command: ParsableCommand
        do {
            command = try PrivacyRuntimeCommand.parseAsRoot(arguments)
        } catch {
            PrivacyRuntimeCommand.exit(withError: error)
        }
        do {
            if let command = command as? any RegistryCommand {
                try await command.run(registry: registry)
            } else {
                var command = command
                try command.run()
            }
            exit(0)
        } catch let error as PolicyError {
            printError(error.description)
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch {
            printError("privacy-runtime: error: \(oneLine(error))")
        }
        exit(1)
    }

    /// Writes `message` and a newline to standard error.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// An error's description folded onto one line.
    static func oneLine(_ error: any Error) -> String {
        String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
