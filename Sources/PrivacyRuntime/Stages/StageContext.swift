import Logging
import Policy

/// What a stage builder gets besides its options: the policy it serves and a logger.
public struct StageContext: Sendable {
    /// The policy the stage is built for.
    public let policy: Policy
    /// A logger labelled for the policy.
    public let logger: Logger

    /// Creates a context.
    public init(policy: Policy, logger: Logger) {
        self.policy = policy
        self.logger = logger
    }
}
