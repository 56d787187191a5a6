import Foundation

/// Replaces `${VAR}` and `${VAR:-default}` in scalar values; `$${` writes a literal `${`.
///
/// Only `YAMLScalar.value` receives the substituted text; `sourceText` keeps what was written, so a
/// secret taken from the environment never reaches a message.
struct EnvironmentSubstitution {
    let environment: [String: String]
    /// Problems found (unset variables, malformed references).
    private(set) var diagnostics: [Diagnostic] = []

    init(environment: [String: String]) {
        self.environment = environment
    }

    /// The tree with every scalar value substituted; mapping keys are left as written.
    mutating func apply(to node: YAMLNode) -> YAMLNode {
        switch node.content {
        case .scalar(let scalar):
            guard scalar.sourceText.contains("$") else { return node }
            let value = substitute(scalar.sourceText, at: node.location) ?? scalar.sourceText
            return YAMLNode(.scalar(YAMLScalar(value: value, sourceText: scalar.sourceText, isPlain: scalar.isPlain)), at: node.location)
        case .sequence(let items):
            return YAMLNode(.sequence(items.map { apply(to: $0) }), at: node.location)
        case .mapping(let entries):
            let substituted = entries.map { YAMLEntry(key: $0.key, keyLocation: $0.keyLocation, value: apply(to: $0.value)) }
            return YAMLNode(.mapping(substituted), at: node.location)
        }
    }

    /// The substituted text, or nil after reporting a problem.
    private mutating func substitute(_ text: String, at location: SourceLocation) -> String? {
        var result = ""
        var rest = Substring(text)
        var ok = true
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            let after = rest[dollar...].dropFirst()
            if after.hasPrefix("${") {
                result += "${"
                rest = after.dropFirst(2)
                continue
            }
            guard after.hasPrefix("{") else {
                result += "$"
                rest = after
                continue
            }
            guard let close = after.firstIndex(of: "}") else {
                diagnostics.append(.error("unterminated '${' in value (write '$${' for a literal '${')", at: location))
                return nil
            }
            let reference = after[after.index(after: after.startIndex)..<close]
            rest = after[after.index(after: close)...]
            let name: Substring, fallback: Substring?
            if let separator = reference.range(of: ":-") {
                name = reference[..<separator.lowerBound]
                fallback = reference[separator.upperBound...]
            } else {
                name = reference
                fallback = nil
            }
            guard Self.isVariableName(name) else {
                diagnostics.append(.error("invalid variable reference '${\(reference)}' (expected ${NAME} or ${NAME:-default})", at: location))
                ok = false
                continue
            }
            if let value = environment[String(name)] {
                result += value
            } else if let fallback {
                result += fallback
            } else {
                diagnostics.append(.error("environment variable '\(name)' is not set (or write ${\(name):-default})", at: location))
                ok = false
            }
        }
        result += rest
        return ok ? result : nil
    }

    private static func isVariableName(_ name: Substring) -> Bool {
        guard let first = name.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}
