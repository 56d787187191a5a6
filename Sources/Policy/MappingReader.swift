/// Reads the keys of one mapping, collecting diagnostics, and reports every key nobody asked for.
///
/// Each key a reader asks for becomes a candidate for "did you mean", whether or not it is present.
struct MappingReader {
    /// The entries being read.
    let entries: [YAMLEntry]
    /// Where the mapping starts (missing keys are reported here).
    let location: SourceLocation
    /// What the mapping is, for messages: "policy", "retention", "sink 'jsonl'".
    let context: String
    /// Problems found so far.
    private(set) var diagnostics: [Diagnostic] = []
    private var requested: [String] = []
    private var consumed: Set<String> = []

    init(entries: [YAMLEntry], location: SourceLocation, context: String) {
        self.entries = entries
        self.location = location
        self.context = context
    }

    /// The entry for `key`, marking it read; nil when absent.
    mutating func entry(_ key: String) -> YAMLEntry? {
        if !requested.contains(key) { requested.append(key) }
        consumed.insert(key)
        return entries.first { $0.key == key }
    }

    /// The value of `key`; nil when absent or null, reporting absence when `required`.
    mutating func node(_ key: String, required: Bool = false) -> YAMLNode? {
        guard let entry = entry(key) else {
            if required { report("missing required key '\(key)' in \(context)", at: location) }
            return nil
        }
        if entry.value.isNull {
            if required { report("no value for '\(key)' in \(context)", at: entry.keyLocation) }
            return nil
        }
        return entry.value
    }

    /// Decodes the value of `key` with `decode`, reporting its failure; nil when absent or invalid.
    mutating func value<T>(_ key: String, required: Bool = false, _ decode: (YAMLNode) throws(Diagnostic) -> T) -> T? {
        guard let node = node(key, required: required) else { return nil }
        do {
            return try decode(node)
        } catch {
            diagnostics.append(error)
            return nil
        }
    }

    /// Records a problem.
    mutating func report(_ message: String, at location: SourceLocation) {
        diagnostics.append(.error(message, at: location))
    }

    /// Records a setting that works but deserves a second look.
    mutating func warn(_ message: String, at location: SourceLocation) {
        diagnostics.append(.warning(message, at: location))
    }

    /// Accepts every key starting with `x-` without reading it: a place for anchors that aliases reuse.
    mutating func acceptExtensionKeys() {
        consumed.formUnion(entries.map(\.key).filter { $0.hasPrefix("x-") })
    }

    /// Keys present but never read, with the closest requested key as a suggestion.
    func unreadKeys() -> [Diagnostic] {
        entries.filter { !consumed.contains($0.key) }.map { entry in
            .error("unknown key '\(entry.key)' in \(context)\(KeySuggestion.hint(for: entry.key, in: requested))", at: entry.keyLocation)
        }
    }
}
