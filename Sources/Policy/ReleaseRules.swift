import Foundation

/// How a policy's windows are released once (`release:`): what happens to a window a crash may have left
/// partial, and where the runtime keeps its release point.
public struct ReleaseRules: Sendable, Hashable {
    /// What happens to a window whose readings may have been partly lost (`incomplete:`, default suppress).
    public let incomplete: IncompleteWindowAction
    /// The runtime's state directory (`state_dir:`, resolved against the policy file); nil lets the runtime
    /// choose (the directory of the rejects files and the purge log).
    public let stateDirectory: URL?

    /// The rules of a policy without `release:`.
    public static let standard = ReleaseRules()

    /// Creates rules.
    public init(incomplete: IncompleteWindowAction = .suppress, stateDirectory: URL? = nil) {
        self.incomplete = incomplete
        self.stateDirectory = stateDirectory
    }
}
