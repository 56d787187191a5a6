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
