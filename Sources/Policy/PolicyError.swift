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

extension Array where Element == Diagnostic {
    /// Stable sort by location, so equal locations keep the order they were found in.
    func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { a, b in
            a.element.location == b.element.location ? a.offset < b.offset : a.element.location < b.element.location
        }.map(\.element)
    }

    /// Whether any finding is an error.
    var containsError: Bool { contains { $0.severity == .error } }
}
