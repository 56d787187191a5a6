import CMosquitto

/// A libmosquitto call that failed, with the library's own explanation.
public struct MosquittoError: Error, CustomStringConvertible, Sendable {
    /// One readable line: what was attempted and why it failed.
    public let description: String

    /// Wraps a libmosquitto return code from the call named `operation`.
    init(_ operation: String, code: Int32) {
        let reason = String(cString: mosquitto_strerror(code))
        description = "mqtt: \(operation) failed: \(reason)"
    }

    /// An error with a message of its own.
    init(message: String) {
        description = message
    }

    /// Throws unless `code` is MOSQ_ERR_SUCCESS.
    static func check(_ code: Int32, _ operation: String) throws {
        guard code == Int32(MOSQ_ERR_SUCCESS.rawValue) else { throw MosquittoError(operation, code: code) }
    }
}
