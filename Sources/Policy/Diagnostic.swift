/// One located finding about a policy, printed as `billing.yaml:12:5: error: unknown key 'windw' in policy`.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How serious a finding is: errors stop a policy from loading, warnings do not.
    public enum Severity: String, Sendable, Hashable {
        /// The policy cannot be used.
        case error
        /// The policy can be used but the setting deserves a second look.
        case warning
    }

    /// Where the finding is.
    public let location: SourceLocation
    /// Whether it stops the policy from loading.
    public let severity: Severity
    /// What is wrong, in words a person can act on. Never contains a substituted `${VAR}` value.
    public let message: String

    /// Creates a diagnostic.
    public init(_ severity: Severity, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    /// Creates an error diagnostic.
    public static func error(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, at: location, message)
    }

    /// Creates a warning diagnostic.
    public static func warning(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.warning, at: location, message)
    }

    /// `file:line:column: severity: message`.
    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}
