/// What a source yields per input line: a parsed record, or a line it could not parse (rejected with a reason).
public enum SourceItem: Sendable {
    /// A well-formed record.
    case record(SourceRecord)
    /// A line that is not a reading; every policy over the stream rejects it.
    case malformed(RejectedReading)
}
