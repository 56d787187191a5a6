import CYAML

/// Turns libyaml parser events into a `YAMLNode` tree; used only by `YAMLReader`.
struct YAMLTreeBuilder {
    private static let corePrefix = "tag:yaml.org,2002:"
    private static let scalarTags: Set<String> = ["!", "!!str", "!!int", "!!float", "!!bool", "!!null"]

    /// A sequence or mapping whose end event has not arrived yet.
    private struct Frame {
        let isMapping: Bool
        let location: SourceLocation
        let anchor: String?
        var items: [YAMLNode] = []
        var entries: [YAMLEntry] = []
        var pendingKey: YAMLNode?
        var firstSeen: [String: SourceLocation] = [:]

        /// Adds a finished child: an item, a key, or the value for the pending key.
        mutating func add(_ node: YAMLNode, diagnostics: inout [Diagnostic]) {
            guard isMapping else {
                items.append(node)
                return
            }
            guard let key = pendingKey else {
                pendingKey = node
                return
            }
            pendingKey = nil
            guard let name = key.scalar?.value else {
                diagnostics.append(.error("a mapping key must be a plain string, not \(key.kindDescription)", at: key.location))
                return
            }
            if let first = firstSeen[name] {
                diagnostics.append(.error(
                    "duplicate key '\(key.scalar?.displayText ?? name)' (first defined at line \(first.line), column \(first.column))",
                    at: key.location))
                return
            }
            firstSeen[name] = key.location
            entries.append(YAMLEntry(key: name, keyLocation: key.location, value: node))
        }

        var node: YAMLNode { YAMLNode(isMapping ? .mapping(entries) : .sequence(items), at: location) }
    }

    let file: String
    let limits: YAMLReader.Limits
    /// Everything found so far.
    var diagnostics: [Diagnostic] = []
    /// The document's root once it is complete; stays nil after a fatal problem.
    private(set) var root: YAMLNode?
    /// True once the stream has ended or reading had to stop.
    private(set) var isDone = false

    private var stack: [Frame] = []
    private var anchors: [String: YAMLNode] = [:]
    private var aliasNodes = 0
    private var documents = 0

    init(file: String, limits: YAMLReader.Limits) {
        self.file = file
        self.limits = limits
    }

    /// Consumes one parser event.
    mutating func handle(_ event: yaml_event_t) {
        let at = SourceLocation(file: file, line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_STREAM_END_EVENT:
            isDone = true
            if documents == 0 { fail("the policy file is empty", at: SourceLocation(file: file, line: 1, column: 1)) }
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                diagnostics.append(.error("a policy file holds one YAML document; remove this second one", at: at))
                isDone = true
            }
        case YAML_ALIAS_EVENT:
            alias(named: string(event.data.alias.anchor) ?? "", at: at)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let tag = checkTag(data.tag, allowed: Self.scalarTags, at: at)
            let value = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let isPlain = tag == nil ? data.style == YAML_PLAIN_SCALAR_STYLE : tag != "!" && tag != "!!str"
            finish(YAMLNode(.scalar(YAMLScalar(value: value, isPlain: isPlain)), at: at), anchor: string(data.anchor))
        case YAML_SEQUENCE_START_EVENT:
            _ = checkTag(event.data.sequence_start.tag, allowed: ["!!seq"], at: at)
            open(isMapping: false, anchor: string(event.data.sequence_start.anchor), at: at)
        case YAML_MAPPING_START_EVENT:
            _ = checkTag(event.data.mapping_start.tag, allowed: ["!!map"], at: at)
            open(isMapping: true, anchor: string(event.data.mapping_start.anchor), at: at)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return }
            finish(frame.node, anchor: frame.anchor)
        default:
            break
        }
    }

    private mutating func open(isMapping: Bool, anchor: String?, at: SourceLocation) {
        guard stack.count < limits.maxDepth else {
            return fail("nesting is deeper than \(limits.maxDepth) levels", at: at)
        }
        stack.append(Frame(isMapping: isMapping, location: at, anchor: anchor))
    }

    private mutating func alias(named name: String, at: SourceLocation) {
        guard let target = anchors[name] else {
            diagnostics.append(.error("unknown alias '*\(name)' (no anchor '&\(name)' before it)", at: at))
            return finish(YAMLNode(.scalar(YAMLScalar(value: "", isPlain: true)), at: at), anchor: nil)
        }
        aliasNodes += target.nodeCount
        guard aliasNodes <= limits.maxAliasNodes else {
            return fail("aliases expand to more than \(limits.maxAliasNodes) nodes; a policy never needs that many", at: at)
        }
        guard stack.count + target.height <= limits.maxDepth else {
            return fail("alias '*\(name)' nests deeper than \(limits.maxDepth) levels", at: at)
        }
        finish(YAMLNode(target.content, at: at), anchor: nil)
    }

    private mutating func finish(_ node: YAMLNode, anchor: String?) {
        if let anchor { anchors[anchor] = node }
        if stack.isEmpty {
            if documents == 1 { root = node }
        } else {
            stack[stack.count - 1].add(node, diagnostics: &diagnostics)
        }
    }

    private mutating func fail(_ message: String, at: SourceLocation) {
        diagnostics.append(.error(message, at: at))
        stack.removeAll()
        root = nil
        isDone = true
    }

    /// Returns the tag in `!!name` form, reporting one that is not allowed here.
    private mutating func checkTag(_ raw: UnsafeMutablePointer<yaml_char_t>?, allowed: Set<String>, at: SourceLocation) -> String? {
        guard let full = string(raw) else { return nil }
        let tag = full.hasPrefix(Self.corePrefix) ? "!!" + full.dropFirst(Self.corePrefix.count) : full
        if !allowed.contains(tag) {
            let list = allowed.filter { $0 != "!" }.sorted().joined(separator: ", ")
            diagnostics.append(.error("unsupported tag '\(tag)' (allowed here: \(list))", at: at))
        }
        return tag
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
