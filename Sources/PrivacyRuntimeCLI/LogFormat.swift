import ArgumentParser
import Foundation
import Logging

/// How the CLI writes log lines to standard error.
public enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// swift-log's plain text lines.
    case text
    /// One JSON object per line (`JSONLogHandler`).
    case json

    /// Installs the process's log handler (once) and returns the CLI's logger at `level`.
    func bootstrap(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = switch self {
            case .text: StreamLogHandler.standardError(label: label)
            case .json: JSONLogHandler(label: label)
            }
            handler.logLevel = level
            return handler
        }
        return Logger(label: "privacy-runtime")
    }
}
