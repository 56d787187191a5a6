import PostgresNIO

/// A failure the PostgreSQL sink cannot overcome by retrying (bad credentials, missing privileges,
/// a table of another shape), or a shutdown that left aggregates unwritten.
public struct PostgresSinkError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure, for callers that match on it.
    public struct Code: Hashable, Sendable {
        private enum Value: Hashable, Sendable { case invalidConfiguration, refused, stopped, fenced }
        private let value: Value
        /// The sink's or reader's settings are unusable (table name, sizes, input URL).
        public static let invalidConfiguration = Code(value: .invalidConfiguration)
        /// The server refused for good (credentials, privileges, TLS, SQL).
        public static let refused = Code(value: .refused)
        /// The writer was stopped (cancelled or closed) with aggregates unwritten.
        public static let stopped = Code(value: .stopped)
        /// A write's fencing token was lower than the partition's stored one, or its claim was lost: not written.
        public static let fenced = Code(value: .fenced)
    }

    /// The kind of failure.
    public let code: Code
    /// One readable line saying what went wrong.
    public let description: String

    /// Unusable settings.
    static func invalidConfiguration(_ message: String) -> PostgresSinkError { PostgresSinkError(code: .invalidConfiguration, description: message) }
    /// The server refused for good.
    static func refused(_ message: String) -> PostgresSinkError { PostgresSinkError(code: .refused, description: message) }
    /// Stopped with aggregates unwritten.
    static func stopped(_ message: String) -> PostgresSinkError { PostgresSinkError(code: .stopped, description: message) }

    /// A fencing token refused, or a claim lost.
    static func fenced(_ message: String) -> PostgresSinkError { PostgresSinkError(code: .fenced, description: message) }

    /// The fencing refusal inside `error` (as thrown, or wrapped by a transaction), if it is one.
    static func fencing(in error: any Error) -> PostgresSinkError? {
        if let error = error as? PostgresSinkError { return error.code == .fenced ? error : nil }
        if let transaction = error as? PostgresTransactionError, let inner = transaction.closureError { return fencing(in: inner) }
        return nil
    }

    /// Whether retrying `error` later can succeed: connection failures, a server shutting down or
    /// starting up, resource exhaustion and serialization conflicts are transient; everything the
    /// server rejects on its merits (SQL, privileges, authentication) and TLS failures (an untrusted
    /// certificate, a server without TLS) are not.
    static func isTransient(_ error: any Error) -> Bool {
        if let transaction = error as? PostgresTransactionError {
            guard let inner = transaction.beginError ?? transaction.closureError ?? transaction.commitError else {
                return true
            }
            return isTransient(inner)
        }
        if error is NIOSSLError { return false }
        guard let error = error as? PSQLError else { return true }
        if let underlying = error.underlying, underlying is NIOSSLError { return false }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            return ["08", "40", "53", "57", "58"].contains(String(state.prefix(2)))
        case .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError, .sslUnsupported,
             .tooManyParameters, .failedToAddSSLHandler:
            return false
        default:
            return true
        }
    }

    /// A readable one-line summary of a postgres-nio error (its own description hides server details).
    static func summary(of error: any Error) -> String {
        if let transaction = error as? PostgresTransactionError,
           let inner = transaction.beginError ?? transaction.closureError ?? transaction.commitError {
            return summary(of: inner)
        }
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo, let message = info[.message] {
            return "server error \(info[.sqlState] ?? "?"): \(message)"
        }
        if let underlying = error.underlying {
            return "\(error.code): \(underlying)"
        }
        return "\(error.code)"
    }
}
