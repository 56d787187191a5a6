/// A fatal error the CLI reports as one readable line before exiting non-zero.
public struct CLIError: Error, CustomStringConvertible {
    /// What went wrong and, where possible, how to fix it.
    public let description: String

    /// Creates an error with its message.
    public init(_ description: String) {
        self.description = description
    }
}
