/// One message as read from a JetStream stream.
public struct NATSStreamMessage: Sendable, Equatable {
    /// The subject it was published to, e.g. `meters.north.m-0042`.
    public var subject: String
    /// The payload bytes; of a payload over the limit, only its first `shownBytes`.
    public var payload: [UInt8]
    /// The payload's size as stored; more than `payload.count` when it was over the limit.
    public var receivedBytes: Int
    /// Its sequence number in the stream: its position, from which a reader can start again.
    public var streamSequence: UInt64
    /// Messages of the stream the consumer had not been delivered yet when this one was (the stream lag then).
    public var pendingAfter: UInt64

    /// How much of a payload over the limit a message keeps, for the rejects file.
    public static let shownBytes = 200

    /// A message from the payload bytes at `bytes`: copied when at most `limit`, otherwise only the first
    /// `shownBytes` are, so an oversized payload is never copied whole.
    public init(subject: String, bytes: UnsafeRawBufferPointer, limit: Int, streamSequence: UInt64, pendingAfter: UInt64 = 0) {
        self.subject = subject
        self.receivedBytes = bytes.count
        self.payload = Array(bytes.count > limit ? UnsafeRawBufferPointer(rebasing: bytes.prefix(Self.shownBytes)) : bytes)
        self.streamSequence = streamSequence
        self.pendingAfter = pendingAfter
    }
}
