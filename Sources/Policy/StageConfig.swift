import Foundation

/// One stage section of a policy: its `type:` and the remaining options, with their positions.
///
/// The policy layer checks only the common shape; the factory registered for `type` reads the
/// options with `StageOptions`.
public struct StageConfig: Sendable {
    /// Which kind of stage this section configures.
    public let kind: StageKind
    /// The `type:` value that selects the implementation, e.g. `sqlite`.
    public let type: String
    /// Where the section starts.
    public let location: SourceLocation
    /// Where the `type:` value is written (unknown types are reported here).
    public let typeLocation: SourceLocation
    /// The section's other keys in file order, with values already `${VAR}`-substituted.
    public let options: [YAMLEntry]
    /// The policy file's directory, against which relative paths resolve.
    public let baseDirectory: URL

    /// Creates a stage section, e.g. for a factory's tests.
    public init(kind: StageKind, type: String, location: SourceLocation, typeLocation: SourceLocation? = nil,
                options: [YAMLEntry] = [], baseDirectory: URL) {
        self.kind = kind
        self.type = type
        self.location = location
        self.typeLocation = typeLocation ?? location
        self.options = options
        self.baseDirectory = baseDirectory
    }

    /// "sink 'jsonl'", how messages name this section.
    public var label: String { "\(kind.rawValue) '\(type)'" }

    /// The section without the options the policy layer itself consumed.
    func removingOptions(_ keys: Set<String>) -> StageConfig {
        StageConfig(kind: kind, type: type, location: location, typeLocation: typeLocation,
                    options: options.filter { !keys.contains($0.key) }, baseDirectory: baseDirectory)
    }
}
