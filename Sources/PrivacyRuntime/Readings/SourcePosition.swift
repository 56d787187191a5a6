/// Where a record came from in its input: the source's name (a file path, `stdin`, `simulate`) and a 1-based line.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    /// The input's name, e.g. a file path or `stdin`.
    public var source: String
    /// The 1-based line (or record number) in that input.
    public var line: Int

    /// Creates a position.
    public init(source: String, line: Int) {
        self.source = source
        self.line = line
    }

    /// `readings.csv:12`.
    public var description: String { "\(source):\(line)" }
}
