import Logging
import Policy
import RuntimeKeys

/// What a stage builder gets besides its options: the policy it serves, a logger and the runtime key.
public struct StageContext: Sendable {
    /// The policy the stage is built for.
    public let policy: Policy
    /// A logger labelled for the policy.
    public let logger: Logger
    /// The runtime operator's key named by the policy's `runtime_key:`; nil when the policy names none.
    public let runtimeKey: RuntimeKey?

    /// Creates a context.
    public init(policy: Policy, logger: Logger, runtimeKey: RuntimeKey? = nil) {
        self.policy = policy
        self.logger = logger
        self.runtimeKey = runtimeKey
    }
}
