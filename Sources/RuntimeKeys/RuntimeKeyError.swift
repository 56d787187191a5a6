/// An error about a runtime key or its use, with a message a person can act on.
///
/// Callers branch on `code` (`error.code == .insecureFile`); `description` is the one-line message.
public struct RuntimeKeyError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, for callers that branch on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case missingFile, insecureFile, malformedFile, wrongKind, fileExists, writeFailed, openFailed, signingFailed
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// The code's name, e.g. `insecureFile`.
        public var description: String { value.rawValue }

        /// The key file does not exist or cannot be read.
        public static let missingFile = Code(.missingFile)
        /// The secret key file may be read by group or others.
        public static let insecureFile = Code(.insecureFile)
        /// The file is not valid JSON or lacks a field of the expected shape.
        public static let malformedFile = Code(.malformedFile)
        /// The file holds another kind of key (a Paillier key, or the other half of a runtime key).
        public static let wrongKind = Code(.wrongKind)
        /// A key file would be overwritten.
        public static let fileExists = Code(.fileExists)
        /// A key file could not be written.
        public static let writeFailed = Code(.writeFailed)
        /// Sealed data did not authenticate: altered, or sealed under another key or associated data.
        public static let openFailed = Code(.openFailed)
        /// The signing primitive failed.
        public static let signingFailed = Code(.signingFailed)
    }

    /// The category of the error.
    public let code: Code
    /// The readable, one-line message.
    public let description: String

    private init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// `path` does not exist or cannot be read (`reason` from the file system).
    static func missingFile(_ path: String, what: String, reason: String) -> RuntimeKeyError {
        RuntimeKeyError(.missingFile, "cannot read \(what) \(path): \(reason)")
    }

    /// The secret file `path` has `mode`, which lets group or others read it.
    static func insecureFile(_ path: String, mode: UInt32) -> RuntimeKeyError {
        RuntimeKeyError(
            .insecureFile,
            "runtime key file \(path) is accessible by group or others (mode \(String(mode, radix: 8))); run `chmod 600 \(path)`")
    }

    /// `path` is not a well-formed `what`: `detail` says which part.
    static func malformedFile(_ path: String, what: String, detail: String) -> RuntimeKeyError {
        RuntimeKeyError(.malformedFile, "\(path): not a \(what): \(detail)")
    }

    /// `path` holds a key of another kind; `detail` says which and what to use instead.
    static func wrongKind(_ path: String, _ detail: String) -> RuntimeKeyError {
        RuntimeKeyError(.wrongKind, "\(path) \(detail)")
    }

    /// `path` exists and key files are never overwritten.
    static func fileExists(_ path: String) -> RuntimeKeyError {
        RuntimeKeyError(
            .fileExists,
            "\(path) exists; key files are never overwritten (sealed state and signatures depend on the key): remove it by hand or choose another prefix")
    }

    /// Writing `path` failed with `reason`.
    static func writeFailed(_ path: String, reason: String) -> RuntimeKeyError {
        RuntimeKeyError(.writeFailed, "cannot write \(path): \(reason)")
    }

    /// Sealed data did not authenticate under this key.
    static func openFailed() -> RuntimeKeyError {
        RuntimeKeyError(
            .openFailed,
            "sealed data does not authenticate: it was altered, or sealed under another runtime key or with other associated data")
    }

    /// The signing primitive reported `reason`.
    static func signingFailed(_ reason: String) -> RuntimeKeyError {
        RuntimeKeyError(.signingFailed, "cannot sign with the runtime key: \(reason)")
    }
}
