/// Why `CSVReplay` could not replay its file at all (lines it cannot use are skipped and reported instead).
public struct CSVReplayError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure, for callers that match on it.
    public struct Code: Hashable, Sendable {
        private enum Value: Hashable, Sendable { case unreadableInput, badHeader }
        private let value: Value
        /// The file cannot be opened.
        public static let unreadableInput = Code(value: .unreadableInput)
        /// The header cannot be split or lacks a required column.
        public static let badHeader = Code(value: .badHeader)
    }

    /// The kind of failure.
    public let code: Code
    /// One readable line, with the file (and line) it is about.
    public let description: String

    /// The file at `path` cannot be opened, for `reason`.
    static func unreadableInput(_ path: String, reason: String) -> CSVReplayError {
        CSVReplayError(code: .unreadableInput, description: "publish: cannot read \(path): \(reason)")
    }

    /// The header is unusable; `message` says where and why.
    static func badHeader(_ message: String) -> CSVReplayError {
        CSVReplayError(code: .badHeader, description: message)
    }
}
