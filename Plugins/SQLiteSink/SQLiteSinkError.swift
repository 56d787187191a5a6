/// A failure of the SQLite sink or its aggregate reader, with the database's path and SQLite's reason.
public struct SQLiteSinkError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure, for callers that match on it.
    public struct Code: Hashable, Sendable {
        private enum Value: Hashable, Sendable { case unavailable, writeFailed, readFailed }
        private let value: Value
        /// The database (or its folder) cannot be created or opened.
        public static let unavailable = Code(value: .unavailable)
        /// A write or delete failed.
        public static let writeFailed = Code(value: .writeFailed)
        /// Reading aggregates back failed.
        public static let readFailed = Code(value: .readFailed)
    }

    /// The kind of failure.
    public let code: Code
    /// One readable line.
    public let description: String

    /// The database cannot be created or opened.
    static func unavailable(_ message: String) -> SQLiteSinkError { SQLiteSinkError(code: .unavailable, description: message) }
    /// A write or delete failed.
    static func writeFailed(_ message: String) -> SQLiteSinkError { SQLiteSinkError(code: .writeFailed, description: message) }
    /// Reading failed.
    static func readFailed(_ message: String) -> SQLiteSinkError { SQLiteSinkError(code: .readFailed, description: message) }
}
