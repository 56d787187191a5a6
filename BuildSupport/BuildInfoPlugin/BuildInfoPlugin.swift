import Foundation
import PackagePlugin

/// Writes `BuildInfo.swift` (the git commit the sources were built from) into the target, so
/// `privacy-runtime --version` names its commit however it was built (`swift run`, `swift build -c release`,
/// the package script). A tree with uncommitted changes to tracked files gets `-dirty`; a tree without git
/// (a source tarball) gets `unknown`. The file is rewritten only when its content changes.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    /// One build command, `/bin/sh` running `git` in the package folder. Its inputs are what a new commit or an
    /// edit changes: git's HEAD, HEAD's reflog and index, and every Swift source of the package. (A prebuild
    /// command would be simpler, but SwiftPM skips those when no source changed, so a commit alone would leave
    /// the previous commit in the binary.)
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("BuildInfo")
        let sources = context.package.targets.compactMap { $0 as? SourceModuleTarget }.flatMap { $0.sourceFiles.map(\.url) }
        return [
            .buildCommand(
                displayName: "Recording the git commit of \(target.name)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", Self.script, "build-info", context.package.directoryURL.path, output.path],
                inputFiles: Self.gitFiles(of: context.package.directoryURL) + sources,
                outputFiles: [output.appendingPathComponent("BuildInfo.swift")]),
        ]
    }

    /// HEAD, its reflog and the index of the package's git folder (`.git`, or the folder a worktree's `.git`
    /// file names); none outside git.
    static func gitFiles(of package: URL) -> [URL] {
        let dotGit = package.appendingPathComponent(".git")
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isFolder) else { return [] }
        var gitFolder = dotGit
        if !isFolder.boolValue {
            guard let text = try? String(contentsOf: dotGit, encoding: .utf8), text.hasPrefix("gitdir: ") else { return [] }
            let path = text.dropFirst("gitdir: ".count).trimmingCharacters(in: .whitespacesAndNewlines)
            gitFolder = path.hasPrefix("/") ? URL(fileURLWithPath: path) : package.appendingPathComponent(path)
        }
        return ["HEAD", "logs/HEAD", "index"].map { gitFolder.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// `$1` is the package folder, `$2` the output folder.
    static let script = #"""
        commit=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null) || commit=unknown
        if [ "$commit" != unknown ] && [ -n "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
          commit="$commit-dirty"
        fi
        mkdir -p "$2"
        text="/// The build's origin, written by the BuildInfo plugin when the commit or a source changes.
        enum BuildInfo {
            /// The git commit the sources were built from (\`-dirty\` with uncommitted changes, \`unknown\` without git).
            static let commit = \"$commit\"
        }"
        [ "$(cat "$2/BuildInfo.swift" 2>/dev/null)" = "$text" ] || printf '%s\n' "$text" > "$2/BuildInfo.swift"
        """#
}
