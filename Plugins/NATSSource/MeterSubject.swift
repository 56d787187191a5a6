/// The subject scheme meters publish on in NATS: `{prefix}.{region}.{meter_id}`, e.g. `meters.north.m-0042`
/// (what MQTT's `meters/north/m-0042` becomes inside nats-server).
public enum MeterSubject {
    /// Whether `token` can be one subject token naming a region or meter: non-empty, no `.`, `*`, `>` or white space.
    public static func isValidToken(_ token: String) -> Bool {
        !token.isEmpty && !token.contains(where: { $0 == "." || $0 == "*" || $0 == ">" || $0.isWhitespace })
    }

    /// Region and meter id: the last two tokens of `subject`; nil if it has fewer than three tokens.
    public static func parse(_ subject: String) -> (region: String, meterID: String)? {
        let tokens = subject.split(separator: ".", omittingEmptySubsequences: false)
        guard tokens.count >= 3, !tokens[tokens.count - 2].isEmpty, !tokens[tokens.count - 1].isEmpty else { return nil }
        return (String(tokens[tokens.count - 2]), String(tokens[tokens.count - 1]))
    }

    /// Whether `filter` is a usable subject filter: non-empty tokens without white space, `*` only as a whole
    /// token, `>` only as the last token.
    public static func isValidFilter(_ filter: String) -> Bool {
        let tokens = filter.split(separator: ".", omittingEmptySubsequences: false)
        for (index, token) in tokens.enumerated() {
            if token.isEmpty || token.contains(where: \.isWhitespace) { return false }
            if token.contains(">") && (token != ">" || index != tokens.count - 1) { return false }
            if token.contains("*") && token != "*" { return false }
        }
        return true
    }
}
