/// A harness failure that is not the runtime's: a decryption that does not fit, a missing capture.
public struct HarnessError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String

    /// Creates an error with `description`.
    public init(_ description: String) {
        self.description = description
    }
}
