/// A policy file's text with some top-level sections replaced: how `bench` swaps a shipped policy's source
/// and sinks for a simulated fleet and temporary SQLite files while keeping its scope, window and key.
struct BenchPolicyText {
    /// The policy text being rewritten.
    private(set) var text: String

    /// Starts from a policy file's text.
    init(_ text: String) {
        self.text = text
    }

    /// Replaces the block-style top-level section `key:` (its line and every following line that is indented,
    /// blank or a comment) with `replacement` (complete lines, `key:` included); appends it if absent.
    mutating func replace(section key: String, with replacement: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let replacementLines = replacement.split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix(key + ":") }) else {
            text += (text.hasSuffix("\n") ? "" : "\n") + replacementLines.joined(separator: "\n") + "\n"
            return
        }
        var end = start + 1
        while end < lines.count, lines[end].isEmpty || lines[end].first == " " || lines[end].first == "#" {
            end += 1
        }
        lines.replaceSubrange(start..<end, with: replacementLines)
        text = lines.joined(separator: "\n")
    }

    /// Sets `option: value` in the block-style top-level section `section:` (replacing the option's line if the
    /// section has one, else adding it after the section's line); does nothing when the section is absent.
    mutating func set(option: String, to value: String, in section: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix(section + ":") }) else { return }
        var end = start + 1
        while end < lines.count, lines[end].isEmpty || lines[end].first == " " || lines[end].first == "#" {
            end += 1
        }
        let line = "  \(option): \(value)"
        if let existing = lines[(start + 1)..<end].firstIndex(where: {
            $0.trimmingPrefix(while: { $0 == " " }).hasPrefix(option + ":")
        }) {
            lines[existing] = line
        } else {
            lines.insert(line, at: start + 1)
        }
        text = lines.joined(separator: "\n")
    }
}
