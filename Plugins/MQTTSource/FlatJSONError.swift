/// Why a payload is not a flat JSON object, and where.
struct FlatJSONError: Error, Equatable, CustomStringConvertible {
    /// What was wrong.
    var message: String
    /// Byte offset in the payload.
    var offset: Int

    var description: String { "\(message) at byte \(offset)" }
}
