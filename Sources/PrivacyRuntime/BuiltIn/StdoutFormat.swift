/// How the `stdout` sink prints an aggregate (its `format:` option).
public enum StdoutFormat: String, CaseIterable, Sendable {
    /// One short line per window: policy, scope key, window, readings, meters and the ciphertext's fingerprint.
    case compact
    /// The full aggregate as one JSON object per line, ciphertext included (the `jsonl` sink's format).
    case json
}
