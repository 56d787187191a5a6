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
}
