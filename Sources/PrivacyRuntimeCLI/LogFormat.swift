import ArgumentParser

/// `--log-format`: human-readable lines, or one JSON object per line for log collectors.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    /// `2024-01-01T00:00:00Z info privacy-runtime: message key=value`.
    case text
    /// `{"at":…,"level":…,"label":…,"message":…,"metadata":{…}}`.
    case json
}
