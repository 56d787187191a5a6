/// A fatal error the CLI reports as one readable line before exiting non-zero.
struct CLIError: Error, CustomStringConvertible {
    /// What went wrong and, where possible, how to fix it.
    let description: String

    /// Creates an error with its message.
    init(_ description: String) {
        self.description = description
    }
}
