/// What a source yields per input line: a parsed record, or a line it could not parse (rejected with a reason).
public enum SourceItem: Sendable {
    /// A well-formed record.
    case record(SourceRecord)
    /// A line that is not a reading; every policy over the stream rejects it.
    case malformed(RejectedReading)
}

extension SourceItem {
    /// Empties the input line's text (`rawText`): called once every policy has admitted or rejected the item, so
    /// that no input line outlives admission (the rejects already hold its HMAC), or, for a reading encrypted at the
    /// meter, the fold (which may still refuse it). The text is a Swift String, freed without being wiped.
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

    /// Whether this is a record whose value was encrypted at the meter.
    var isEncryptedRecord: Bool {
        guard case .record(let record) = self, case .encrypted = record.reading else { return false }
        return true
    }
}
