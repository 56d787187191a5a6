/// A checkpoint the runtime cannot write, or cannot use at start, with one line a person can act on. A run that
/// cannot use its checkpoint stops rather than start over and release windows twice or partially.
public struct CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, for callers that branch on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable { case malformed, notAuthentic, mismatch, store, noRuntimeKey, unsupported }
        private let value: Value

        /// The unsealed bytes are not a checkpoint of this format.
        public static let malformed = Code(value: .malformed)
        /// The stored checkpoint does not authenticate under the runtime key (tampered, or another key).
        public static let notAuthentic = Code(value: .notAuthentic)
        /// The checkpoint is of other policies, or does not fit them (another key, a policy's windows changed).
        public static let mismatch = Code(value: .mismatch)
        /// The store could not be read or written, or what it holds is torn or altered.
        public static let store = Code(value: .store)
        /// Checkpoints are configured but the policy names no `runtime_key` to seal them.
        public static let noRuntimeKey = Code(value: .noRuntimeKey)

        /// The run keeps state a checkpoint does not hold yet.
        public static let unsupported = Code(value: .unsupported)

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

    /// The checkpoint's bytes are not usable: `detail` says why.
    public static func malformed(_ detail: String) -> CheckpointError {
        CheckpointError(.malformed, "checkpoint is malformed: \(detail)")
    }

    /// The checkpoint in `store` does not open under runtime key `keyID`.
    public static func notAuthentic(_ store: String, keyID: String) -> CheckpointError {
        CheckpointError(.notAuthentic, "checkpoint in \(store) does not authenticate under runtime key \(keyID): it was changed by someone other than this runtime, or sealed under another runtime key, policies or stream; refusing to start (restore the runtime's own key, or remove the checkpoint knowing that the stream is then read from start_sequence)")
    }

    /// The checkpoint does not fit the run: `detail` says how.
    public static func mismatch(_ detail: String) -> CheckpointError {
        CheckpointError(.mismatch, "checkpoint does not fit this run: \(detail); refusing to start (run the policies it was written for, or remove the checkpoint)")
    }

    /// The store failed: `detail` says what and why.
    public static func store(_ detail: String) -> CheckpointError {
        CheckpointError(.store, detail)
    }

    /// Checkpoints are configured for a run that keeps state they do not hold: `detail` says which.
    public static func unsupported(_ detail: String) -> CheckpointError {
        CheckpointError(.unsupported, "checkpoints cannot cover this run yet: \(detail)")
    }

    /// Checkpoints are configured for `policy`, which names no runtime key.
    public static func noRuntimeKey(policy: String) -> CheckpointError {
        CheckpointError(.noRuntimeKey, "policy '\(policy)': checkpoints hold open windows' accumulators and are sealed under the runtime key; add runtime_key: (privacy-runtime runtime-keygen) or remove the source's checkpoint options")
    }
}
