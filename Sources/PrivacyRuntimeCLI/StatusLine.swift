import Foundation
import Synchronization

/// The live progress line on a terminal (standard error), redrawn in place; cleared before other output.
final class StatusLine: Sendable {
    /// The process's status line.
    static let shared = StatusLine()

    /// Whether a line is shown; held while writing, so lines from two threads never interleave.
    private let shown = Mutex(false)

    /// Whether standard error is a terminal (progress is shown only then).
    static var isTerminal: Bool { isatty(2) == 1 }

    /// Replaces the line with `text`.
    func show(_ text: String) {
        shown.withLock { shown in
            FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
            shown = true
        }
    }

    /// Removes the line, if one is shown.
    func clear() {
        shown.withLock { shown in
            guard shown else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
            shown = false
        }
    }
}
