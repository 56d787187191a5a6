/// One `key: value` pair of a YAML mapping, with the key's position.
public struct YAMLEntry: Sendable {
    /// The key as written.
    public let key: String
    /// Where the key is written.
    public let keyLocation: SourceLocation
    /// The value node.
    public let value: YAMLNode

    /// Creates an entry.
    public init(key: String, keyLocation: SourceLocation, value: YAMLNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}
