/// The line formats of the built-in file and stdin sources.
public enum LineFormat: String, Sendable, CaseIterable {
    /// CSV with a header line naming the columns.
    case csv
    /// One JSON object per line.
    case jsonl
}
