/// A release state file the runtime cannot use, with one line a person can act on. The runtime refuses to start
/// rather than guess which windows were released.
public struct ReleaseStateError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, for callers that branch on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable { case unreadable, malformed, notAuthentic, writeFailed }
        private let value: Value

        /// The file exists but cannot be read.
        public static let unreadable = Code(value: .unreadable)
        /// The file is not a release state, or one of another policy or shard.
        public static let malformed = Code(value: .malformed)
        /// The file does not authenticate under the runtime key, or its sealing does not match the policy's key.
        public static let notAuthentic = Code(value: .notAuthentic)
        /// The new state could not be written.
        public static let writeFailed = Code(value: .writeFailed)

        /// The code's name, e.g. `notAuthentic`.
        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// The one-line message.
    public let description: String

    private init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// `path` exists but cannot be read (`reason` from the system).
    static func unreadable(_ path: String, _ reason: String) -> ReleaseStateError {
        ReleaseStateError(.unreadable, "cannot read release state \(path): \(reason)")
    }

    /// `path` is not a usable release state: `detail` says why.
    static func malformed(_ path: String, _ detail: String) -> ReleaseStateError {
        ReleaseStateError(.malformed, "release state \(path) is not usable: \(detail); the runtime will not guess which windows were released (restore the file from the runtime's own state)")
    }

    /// `path` does not authenticate: `detail` says how.
    static func notAuthentic(_ path: String, _ detail: String) -> ReleaseStateError {
        ReleaseStateError(.notAuthentic, "release state \(path) \(detail): it was changed by someone other than this runtime, or written under another runtime key; refusing to start (restore it from the runtime's own state, or remove it knowing that every window may then be released again)")
    }

    /// Writing `path` failed with `reason`.
    static func writeFailed(_ path: String, _ reason: String) -> ReleaseStateError {
        ReleaseStateError(.writeFailed, "cannot write release state \(path): \(reason)")
    }
}
