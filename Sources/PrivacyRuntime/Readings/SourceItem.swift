/// What a source yields per input line: a parsed record, or a line it could not parse (rejected with a reason).
public enum SourceItem: Sendable {
    /// A well-formed record.
    case record(SourceRecord)
    /// A line that is not a reading; every policy over the stream rejects it.
    case malformed(RejectedReading)
}

extension SourceItem {
    /// Empties the input line's text (`rawText`): called once every policy has admitted or rejected the item, so
    /// that no input line outlives admission (the rejects already hold its HMAC). The text is a Swift String,
    /// freed without being wiped.
    mutating func dropRawText() {
        switch self {
        case .record(var record):
            record.rawText = ""
            self = .record(record)
        case .malformed(var rejected):
            rejected.rawText = ""
            self = .malformed(rejected)
        }
    }
}
