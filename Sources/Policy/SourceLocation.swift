/// A position in a policy file: 1-based line and column, printed as `billing.yaml:12:5`.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file as the user named it (e.g. `policies/billing.yaml`).
    public let file: String
    /// The 1-based line.
    public let line: Int
    /// The 1-based column, counted in characters.
    public let column: Int

    /// Creates a location; `line` and `column` are 1-based.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the prefix editors and terminals recognise.
    public var description: String { "\(file):\(line):\(column)" }

    /// Orders by file, then line, then column, so diagnostics read top to bottom.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
