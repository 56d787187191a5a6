import Foundation

/// How a stage factory reads its options: typed reads that collect located diagnostics.
///
/// ```swift
/// var options = StageOptions(config)
/// let path = options.requiredPath("path")
/// let table = options.string("table") ?? "aggregates"
/// let problems = options.finish()   // adds "unknown key 'pth' in sink 'jsonl' (did you mean 'path'?)"
/// ```
/// Messages quote values as written in the file, so secrets from `${VAR}` never appear in them.
public struct StageOptions {
    /// The section being read.
    public let config: StageConfig
    /// What the factory says about the stage (the file it writes, its key) for `check` and the runtime.
    public var outline = StageOutline()
    private var reader: MappingReader

    /// Starts reading `config`'s options.
    public init(_ config: StageConfig) {
        self.config = config
        reader = MappingReader(entries: config.options, location: config.location, context: config.label)
    }

    /// Problems found by the reads so far (not yet the unread keys; see `finish()`).
    public var diagnostics: [Diagnostic] { reader.diagnostics }

    /// Whether `key` is present with a non-null value; does not count as reading it.
    public func contains(_ key: String) -> Bool {
        config.options.contains { $0.key == key && !$0.value.isNull }
    }

    /// Where `key`'s value is written, or the section's location when it is absent.
    public func location(of key: String) -> SourceLocation {
        config.options.first { $0.key == key }?.value.location ?? config.location
    }

    /// An optional string.
    public mutating func string(_ key: String) -> String? {
        reader.value(key) { node throws(Diagnostic) in try node.decodeString(for: key) }
    }

    /// A non-empty string that must be present; reports its absence and returns nil.
    public mutating func requiredString(_ key: String) -> String? {
        reader.value(key, required: true) { node throws(Diagnostic) in try node.decodeNonEmptyString(for: key) }
    }

    /// An optional integer, reported when outside `range`.
    public mutating func int(_ key: String, range: ClosedRange<Int>? = nil) -> Int? {
        reader.value(key) { node throws(Diagnostic) in try node.decodeInt(for: key, range: range) }
    }

    /// An integer with a default, reported when outside `range`.
    public mutating func int(_ key: String, default defaultValue: Int, range: ClosedRange<Int>? = nil) -> Int {
        int(key, range: range) ?? defaultValue
    }

    /// `true`/`false` with a default.
    public mutating func bool(_ key: String, default defaultValue: Bool) -> Bool {
        reader.value(key) { node throws(Diagnostic) in try node.decodeBool(for: key) } ?? defaultValue
    }

    /// A duration such as `30s` or `5m`; nil when absent and no default is given.
    public mutating func duration(_ key: String, default defaultValue: PolicyDuration? = nil) -> PolicyDuration? {
        reader.value(key) { node throws(Diagnostic) in try node.decodeDuration(for: key) } ?? defaultValue
    }

    /// An optional file path, resolved against the policy file's directory; an empty one is reported.
    public mutating func path(_ key: String) -> URL? {
        reader.value(key) { node throws(Diagnostic) in try node.decodeNonEmptyString(for: key) }.map(resolve)
    }

    /// A file path that must be present, resolved against the policy file's directory.
    public mutating func requiredPath(_ key: String) -> URL? {
        requiredString(key).map(resolve)
    }

    /// One of an enumeration's raw values, with a default; typos get a suggestion.
    public mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, default defaultValue: T) -> T
    where T.RawValue == String {
        reader.value(key) { node throws(Diagnostic) in try node.decodeChoice(T.self, for: key) } ?? defaultValue
    }

    /// An optional list of strings.
    public mutating func stringList(_ key: String) -> [String]? {
        reader.value(key) { node throws(Diagnostic) in
            try node.decodeSequence(for: key).map { item throws(Diagnostic) in try item.decodeString(for: key) }
        }
    }

    /// An optional mapping of strings to strings (e.g. extra connection parameters).
    public mutating func stringMap(_ key: String) -> [String: String]? {
        reader.value(key) { node throws(Diagnostic) in
            var map: [String: String] = [:]
            for entry in try node.decodeMapping(for: key) {
                map[entry.key] = try entry.value.decodeString(for: "\(key).\(entry.key)")
            }
            return map
        }
    }

    /// The raw node of `key` for options no typed read covers; marks it read.
    public mutating func node(_ key: String) -> YAMLNode? {
        reader.node(key)
    }

    /// Adds a factory's own error at `key`'s value (or at the section when `key` is nil or absent).
    public mutating func error(_ message: String, at key: String? = nil) {
        reader.report(message, at: key.map(location(of:)) ?? config.location)
    }

    /// Adds a factory's own warning at `key`'s value (or at the section): the policy loads, and `check` shows it.
    public mutating func warning(_ message: String, at key: String? = nil) {
        reader.warn(message, at: key.map(location(of:)) ?? config.location)
    }

    /// All diagnostics: those from the reads plus one per key that was never read.
    public func finish() -> [Diagnostic] {
        reader.diagnostics + reader.unreadKeys()
    }

    private func resolve(_ path: String) -> URL {
        PolicyPath.resolve(path, against: config.baseDirectory)
    }
}
