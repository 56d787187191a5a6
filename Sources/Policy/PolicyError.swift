/// Why a policy could not be loaded: every error found, not only the first.
public struct PolicyError: Error, Sendable, CustomStringConvertible {
    /// All findings, ordered by location (warnings found alongside the errors are included).
    public let diagnostics: [Diagnostic]

    /// Creates an error from findings; they are ordered by location.
    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sortedByLocation()
    }

    /// One diagnostic per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
