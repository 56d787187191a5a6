/// Reading typed values out of nodes, each failure a located diagnostic naming the key.
extension YAMLNode {
    /// A non-null scalar's value as a string.
    func decodeString(for key: String) throws(Diagnostic) -> String {
        guard let scalar, !scalar.isNull else {
            throw .error("expected a string for '\(key)', found \(kindDescription)", at: location)
        }
        return scalar.value
    }

    /// A string that is not empty (paths, names), reporting an empty one, e.g. from an empty `${VAR}`.
    func decodeNonEmptyString(for key: String) throws(Diagnostic) -> String {
        let value = try decodeString(for: key)
        guard !value.isEmpty else {
            throw .error("'\(key)' is empty", at: location)
        }
        return value
    }

    /// A duration such as `2h`.
    func decodeDuration(for key: String) throws(Diagnostic) -> PolicyDuration {
        guard let scalar, !scalar.isNull else {
            throw .error("expected a duration for '\(key)', found \(kindDescription)", at: location)
        }
        guard let duration = PolicyDuration(scalar.value) else {
            throw .error(PolicyDuration.problem(with: scalar.displayText, for: key), at: location)
        }
        return duration
    }

    /// A duration longer than 0s.
    func decodePositiveDuration(for key: String) throws(Diagnostic) -> PolicyDuration {
        let duration = try decodeDuration(for: key)
        guard duration.seconds > 0 else {
            throw .error("'\(key)' must be longer than 0s", at: location)
        }
        return duration
    }

    /// A whole number in `range`.
    func decodeInt(for key: String, range: ClosedRange<Int>? = nil) throws(Diagnostic) -> Int {
        guard let scalar, !scalar.isNull else {
            throw .error("expected an integer for '\(key)', found \(kindDescription)", at: location)
        }
        let text = scalar.value
        let body = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text) else {
            throw .error("invalid integer '\(scalar.displayText)' for '\(key)' (expected a whole number)", at: location)
        }
        if let range, !range.contains(value) {
            let shown = scalar.isSubstituted ? "'\(scalar.displayText)'" : "\(value)"
            throw .error("'\(key)' must be between \(range.lowerBound) and \(range.upperBound), found \(shown)", at: location)
        }
        return value
    }

    /// `true` or `false`.
    func decodeBool(for key: String) throws(Diagnostic) -> Bool {
        switch scalar?.value {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            let found = scalar.map { "'\($0.displayText)'" } ?? kindDescription
            throw .error("invalid value \(found) for '\(key)' (expected true or false)", at: location)
        }
    }

    /// One of an enumeration's raw values, suggesting the closest on a typo.
    func decodeChoice<T: RawRepresentable & CaseIterable>(_: T.Type, for key: String) throws(Diagnostic) -> T
    where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        guard let scalar, !scalar.isNull else {
            throw .error("expected one of \(Self.list(names)) for '\(key)', found \(kindDescription)", at: location)
        }
        guard let value = T(rawValue: scalar.value) else {
            let hint = KeySuggestion.closest(to: scalar.value, in: names).map { "; did you mean '\($0)'?" } ?? ""
            throw .error("invalid value '\(scalar.displayText)' for '\(key)' (expected \(Self.list(names))\(hint))", at: location)
        }
        return value
    }

    /// The entries of a mapping.
    func decodeMapping(for key: String) throws(Diagnostic) -> [YAMLEntry] {
        guard let mapping else {
            throw .error("expected a mapping for '\(key)', found \(kindDescription)", at: location)
        }
        return mapping
    }

    /// The items of a sequence.
    func decodeSequence(for key: String) throws(Diagnostic) -> [YAMLNode] {
        guard let sequence else {
            throw .error("expected a list for '\(key)', found \(kindDescription)", at: location)
        }
        return sequence
    }

    /// "a, b or c".
    static func list(_ names: [String]) -> String {
        names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}
