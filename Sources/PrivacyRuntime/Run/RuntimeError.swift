/// A fatal runtime error with one readable line (unreadable input, unwritable sink, bad key, …).
public struct RuntimeError: Error, CustomStringConvertible, Sendable {
    /// The message shown to the user.
    public let description: String

    /// Creates an error with its message.
    public init(_ description: String) {
        self.description = description
    }
}
