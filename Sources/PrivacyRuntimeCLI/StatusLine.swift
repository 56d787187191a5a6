import Foundation

/// The live progress line on a terminal (standard error), redrawn in place; cleared before other output.
final class StatusLine: @unchecked Sendable {
    /// The process's status line.
    static let shared = StatusLine()

    private let lock = NSLock()
    private var shown = false

    /// Whether standard error is a terminal (progress is shown only then).
    static var isTerminal: Bool { isatty(2) == 1 }

    /// Replaces the line with `text`.
    func show(_ text: String) {
        lock.withLock {
            FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
            shown = true
        }
    }

    /// Removes the line, if one is shown.
    func clear() {
        lock.withLock {
            guard shown else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
            shown = false
        }
    }
}
