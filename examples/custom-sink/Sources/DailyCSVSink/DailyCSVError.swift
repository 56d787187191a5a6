/// A day file that cannot be opened or written; the run ends with this one-line message.
public struct DailyCSVError: Error, CustomStringConvertible {
    /// What failed, with the file's path and the system's reason.
    public let description: String

    /// Creates an error with `description`.
    init(_ description: String) {
        self.description = description
    }
}
