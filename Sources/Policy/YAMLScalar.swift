import Foundation

/// A scalar as written, and its value after `${VAR}` substitution.
public struct YAMLScalar: Sendable, Hashable {
    /// The value to use, after `${VAR}` substitution. May hold a secret: never put it in a message.
    public let value: String
    /// The text as written in the file (after YAML unescaping, before substitution); safe for messages.
    public let sourceText: String
    /// True for an unquoted scalar without a `!!str` tag, which YAML may read as a number, boolean or null.
    public let isPlain: Bool

    /// Creates a scalar; `sourceText` defaults to `value`.
    public init(value: String, sourceText: String? = nil, isPlain: Bool) {
        self.value = value
        self.sourceText = sourceText ?? value
        self.isPlain = isPlain
    }

    /// Whether YAML's core schema reads this scalar as null.
    public var isNull: Bool { isPlain && ["", "~", "null", "Null", "NULL"].contains(sourceText) }

    /// Whether the value came from `${VAR}` substitution.
    public var isSubstituted: Bool { value != sourceText }

    /// The written text, shortened to one readable line, for messages.
    public var displayText: String {
        let oneLine = sourceText.replacingOccurrences(of: "\n", with: "\\n")
        return oneLine.count > 40 ? String(oneLine.prefix(37)) + "..." : oneLine
    }
}
