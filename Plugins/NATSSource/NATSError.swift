import CNATS

/// A failure of the NATS plugin: a libnats call (with the library's own explanation and the JetStream error
/// code where there is one), settings that cannot work, or publishes the stream did not acknowledge.
public struct NATSError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure, for callers that match on it.
    public struct Code: Hashable, Sendable {
        private enum Value: Hashable, Sendable { case libraryCall, connection, timeout, invalidSettings, notAcknowledged }
        private let value: Value
        /// A libnats call returned an error.
        public static let libraryCall = Code(value: .libraryCall)
        /// The server could not be reached, or refused the login or the TLS handshake.
        public static let connection = Code(value: .connection)
        /// The server did not answer in time (e.g. a stream still electing its leader after losing a node).
        public static let timeout = Code(value: .timeout)
        /// The settings are unusable.
        public static let invalidSettings = Code(value: .invalidSettings)
        /// Published messages that the stream did not acknowledge.
        public static let notAcknowledged = Code(value: .notAcknowledged)
    }

    /// The kind of failure.
    public let code: Code
    /// One readable line: what was attempted and why it failed.
    public let description: String

    private init(code: Code, description: String) {
        self.code = code
        self.description = description
    }

    /// The libnats call named `operation` returned `status`; `jetStreamCode` is the server's JetStream error code (0 if none).
    static func call(_ operation: String, status: natsStatus, jetStreamCode: jsErrCode = jsErrCode(rawValue: 0)) -> NATSError {
        let code: Code = switch status {
        case NATS_NO_SERVER, NATS_CONNECTION_AUTH_FAILED, NATS_NOT_PERMITTED, NATS_SSL_ERROR, NATS_IO_ERROR: .connection
        case NATS_TIMEOUT: .timeout
        default: .libraryCall
        }
        var text = "nats: \(operation) failed: \(Self.explanation(status))"
        if jetStreamCode.rawValue != 0 { text += " (JetStream error \(jetStreamCode.rawValue))" }
        return NATSError(code: code, description: text)
    }

    /// Unusable settings; `message` says which and why.
    static func invalidSettings(_ message: String) -> NATSError { NATSError(code: .invalidSettings, description: message) }
    /// Messages the stream did not acknowledge; `message` says how many and why.
    static func notAcknowledged(_ message: String) -> NATSError { NATSError(code: .notAcknowledged, description: message) }

    /// Throws unless `status` is NATS_OK.
    static func check(_ status: natsStatus, _ operation: String, jetStreamCode: jsErrCode = jsErrCode(rawValue: 0)) throws {
        guard status == NATS_OK else { throw call(operation, status: status, jetStreamCode: jetStreamCode) }
    }

    /// The library's most specific text for `status`: the status's own text with the last error of this thread
    /// (e.g. "Authorization Violation", "no stream matches subject"), without the library's source location.
    static func explanation(_ status: natsStatus) -> String {
        var last = NATS_OK
        let general = String(cString: natsStatus_GetText(status))
        guard let text = nats_GetLastError(&last), last == status else { return general }
        var detail = Substring(String(cString: text))
        // "(conn.c:1905): Authorization Violation"
        if detail.hasPrefix("("), let end = detail.range(of: "): ") { detail = detail[end.upperBound...] }
        return detail.isEmpty || detail == general ? general : "\(general): \(detail)"
    }
}
