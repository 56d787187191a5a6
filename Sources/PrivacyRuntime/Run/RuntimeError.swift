/// A fatal runtime error with one readable line (unreadable input, unwritable file, bad aggregate, failed stage),
/// with a code callers can match on and where it was thrown, as swift-service-lifecycle's `ServiceGroupError` has.
public struct RuntimeError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable { case invalidRun, fileAccess, badAggregate, stageFailed }
        private let value: Value

        /// The run cannot start as asked (no policy, two policies of one name, an unknown input kind).
        public static let invalidRun = Code(value: .invalidRun)
        /// A file the runtime writes, reads or deletes is not accessible.
        public static let fileAccess = Code(value: .fileAccess)
        /// A stored aggregate cannot be read back.
        public static let badAggregate = Code(value: .badAggregate)
        /// A stage broke its contract or failed (a sink that cannot close, an encryptor with a wrong count).
        public static let stageFailed = Code(value: .stageFailed)

        /// The code's name, e.g. `fileAccess`.
        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// The message shown to the user.
    public let description: String
    /// The source file that threw it (for bug reports, never shown as the message).
    public let file: String
    /// The line that threw it.
    public let line: Int

    private init(_ code: Code, _ description: String, file: String, line: Int) {
        self.code = code
        self.description = description
        self.file = file
        self.line = line
    }

    /// The run cannot start as asked.
    public static func invalidRun(_ message: String, file: String = #fileID, line: Int = #line) -> RuntimeError {
        RuntimeError(.invalidRun, message, file: file, line: line)
    }

    /// A file is not accessible.
    public static func fileAccess(_ message: String, file: String = #fileID, line: Int = #line) -> RuntimeError {
        RuntimeError(.fileAccess, message, file: file, line: line)
    }

    /// A stored aggregate cannot be read back.
    public static func badAggregate(_ message: String, file: String = #fileID, line: Int = #line) -> RuntimeError {
        RuntimeError(.badAggregate, message, file: file, line: line)
    }

    /// A stage broke its contract or failed.
    public static func stageFailed(_ message: String, file: String = #fileID, line: Int = #line) -> RuntimeError {
        RuntimeError(.stageFailed, message, file: file, line: line)
    }
}
