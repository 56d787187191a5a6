import CMosquitto

/// A failure of the MQTT plugin's broker connection, with the library's own explanation where it has one.
public struct MosquittoError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure, for callers that match on it.
    public struct Code: Hashable, Sendable {
        private enum Value: Hashable, Sendable { case libraryCall, refused, noAcknowledgement, invalidSettings }
        private let value: Value
        /// A libmosquitto call returned an error.
        public static let libraryCall = Code(value: .libraryCall)
        /// The broker refused this client for good (login, authorization, TLS certificate).
        public static let refused = Code(value: .refused)
        /// The broker stopped acknowledging published messages.
        public static let noAcknowledgement = Code(value: .noAcknowledgement)
        /// The client's settings are unusable.
        public static let invalidSettings = Code(value: .invalidSettings)
    }

    /// The kind of failure.
    public let code: Code
    /// One readable line: what was attempted and why it failed.
    public let description: String

    /// Wraps a libmosquitto return code from the call named `operation`.
    init(_ operation: String, code: Int32) {
        self.code = .libraryCall
        description = "mqtt: \(operation) failed: \(String(cString: mosquitto_strerror(code)))"
    }

    private init(code: Code, description: String) {
        self.code = code
        self.description = description
    }

    /// The broker refused for good; `reason` says how.
    static func refused(_ reason: String) -> MosquittoError { MosquittoError(code: .refused, description: reason) }
    /// No acknowledgement came; `message` says from where and for how long.
    static func noAcknowledgement(_ message: String) -> MosquittoError { MosquittoError(code: .noAcknowledgement, description: message) }
    /// Unusable settings.
    static func invalidSettings(_ message: String) -> MosquittoError { MosquittoError(code: .invalidSettings, description: message) }

    /// Throws unless `code` is MOSQ_ERR_SUCCESS.
    static func check(_ code: Int32, _ operation: String) throws {
        guard code == Int32(MOSQ_ERR_SUCCESS.rawValue) else { throw MosquittoError(operation, code: code) }
    }
}
