import PrivacyRuntime

/// One line of a day file: an aggregate's columns in `DailyCSVSink.columns` order, times in RFC 3339 UTC and the
/// ciphertext as a decimal integer (what `PaillierCiphertext(decimal:publicKey:)` reads back).
struct DailyCSVRow {
    /// The fields, unquoted.
    let fields: [String]

    /// The row of `aggregate`.
    init(_ aggregate: WindowAggregate) {
        fields = [
            aggregate.policy, aggregate.scope.rawValue, aggregate.scopeKey,
            RFC3339.format(aggregate.windowStart), RFC3339.format(aggregate.windowEnd),
            String(aggregate.readings), String(aggregate.meters), aggregate.keyID, aggregate.ciphertext.value.description,
        ]
    }

    /// What makes a row unique in a file: policy, key and window start.
    var identity: String { Self.identity(fields) }

    /// The identity of a row's fields (as split from a line).
    static func identity(_ fields: [String]) -> String {
        fields.prefix(4).enumerated().filter { $0.offset != 1 }.map(\.element).joined(separator: "\u{1F}")
    }

    /// The CSV line (fields with a comma, quote or line break are quoted, quotes doubled).
    var line: String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",")
    }

    /// Splits a line this type wrote back into its fields.
    static func split(_ line: Substring) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            switch (character, quoted) {
            case ("\"", true):
                if let following = iterator.next() {
                    if following == "\"" { field.append("\"") } else {
                        quoted = false
                        if following == "," { fields.append(field); field = "" } else { field.append(following) }
                    }
                } else {
                    quoted = false
                }
            case ("\"", false) where field.isEmpty: quoted = true
            case (",", false): fields.append(field); field = ""
            default: field.append(character)
            }
        }
        fields.append(field)
        return fields
    }
}
