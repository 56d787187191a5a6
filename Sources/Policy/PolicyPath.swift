import Foundation

/// Resolves paths written in a policy: `~` expands, relative paths are taken from the policy's directory.
enum PolicyPath {
    static func resolve(_ path: String, against baseDirectory: URL) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        let url = expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : baseDirectory.appendingPathComponent(expanded)
        return url.standardizedFileURL
    }
}
