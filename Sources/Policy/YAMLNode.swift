/// A YAML node with the position it was written at; aliases are already expanded.
public struct YAMLNode: Sendable {
    /// What the node holds.
    public enum Content: Sendable {
        /// A scalar (any string, number, boolean or null as written).
        case scalar(YAMLScalar)
        /// A sequence of nodes.
        case sequence([YAMLNode])
        /// A mapping with string keys, in file order, without duplicates.
        case mapping([YAMLEntry])
    }

    /// The node's content.
    public let content: Content
    /// Where the node starts.
    public let location: SourceLocation
    /// Nodes in this subtree, counting itself; bounds alias expansion.
    let nodeCount: Int
    /// Levels in this subtree, 1 for a scalar; bounds nesting through aliases.
    let height: Int

    init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
        switch content {
        case .scalar:
            nodeCount = 1
            height = 1
        case .sequence(let items):
            nodeCount = 1 + items.reduce(0) { $0 + $1.nodeCount }
            height = 1 + (items.map(\.height).max() ?? 0)
        case .mapping(let entries):
            nodeCount = 1 + entries.reduce(0) { $0 + 1 + $1.value.nodeCount }
            height = 1 + (entries.map(\.value.height).max() ?? 0)
        }
    }

    /// The scalar, when the node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    /// The items, when the node is a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The entries, when the node is a mapping.
    public var mapping: [YAMLEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// Whether the node is a null scalar (`~`, `null` or nothing at all).
    public var isNull: Bool { scalar?.isNull ?? false }

    /// A short phrase for messages: "a mapping", "a sequence", "null" or "the value 'x'".
    public var kindDescription: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a sequence"
        case .scalar(let s): return s.isNull ? "no value" : "'\(s.displayText)'"
        }
    }
}
