/// A reading that was not accepted, with where it came from and why; written to the rejects file without its value.
///
/// `rawText` stays in memory: the rejects file holds only its HMAC (under the runtime key) and, for a line
/// that could not be parsed, the text with every digit masked.
public struct RejectedReading: Sendable {
    /// Where the line was read.
    public var position: SourcePosition
    /// The input line as read; never written as is.
    public var rawText: String
    /// The class of problem.
    public var reason: RejectReason
    /// A sentence for a person, e.g. "more precision than the policy's resolution (0.001)"; never the value.
    public var detail: String
    /// The meter, when the line was parsed (nil for a line that could not be).
    public var meterID: String?
    /// The reading's time in epoch seconds, when the line was parsed.
    public var timestamp: Int64?

    /// Creates a rejection; `meterID` and `timestamp` are given for a parsed reading.
    public init(position: SourcePosition, rawText: String, reason: RejectReason, detail: String,
                meterID: String? = nil, timestamp: Int64? = nil) {
        self.position = position
        self.rawText = rawText
        self.reason = reason
        self.detail = detail
        self.meterID = meterID
        self.timestamp = timestamp
    }

    /// Whether the line was parsed into a reading (then its text is never written, even masked).
    public var isParsed: Bool { meterID != nil }

    /// `text` with every digit replaced by `#`, so no number of a line that could not be parsed is kept.
    public static func maskingDigits(_ text: String) -> String {
        String(text.map { $0.isNumber ? "#" : $0 })
    }
}
