/// One sealed window aggregate in the column shape of the sink's table.
struct AggregateRow: Sendable, Equatable {
    var policy: String
    var scope: String
    var scopeKey: String
    /// Window start, seconds since the Unix epoch (UTC).
    var windowStart: Int64
    /// Window end (exclusive), seconds since the Unix epoch (UTC).
    var windowEnd: Int64
    var readings: Int64
    var meters: Int64
    var keyID: String
    /// The Paillier ciphertext as a decimal integer.
    var ciphertext: String
}
