/// A reading that was not accepted, with where it came from, its text and why; written to the rejects file.
public struct RejectedReading: Sendable {
    /// Where the line was read.
    public var position: SourcePosition
    /// The input line as read.
    public var rawText: String
    /// The class of problem.
    public var reason: RejectReason
    /// A sentence for a person, e.g. "more precision than the policy's resolution (0.001)".
    public var detail: String

    /// Creates a rejection.
    public init(position: SourcePosition, rawText: String, reason: RejectReason, detail: String) {
        self.position = position
        self.rawText = rawText
        self.reason = reason
        self.detail = detail
    }
}
