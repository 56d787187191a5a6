import Foundation
import PackagePlugin

/// Writes `BuildInfo.swift` (the git commit the sources were built from) into the target before every build,
/// so `privacy-runtime --version` names its commit however it was built (`swift run`, `swift build -c release`,
/// the package script). A tree with uncommitted changes to tracked files gets `-dirty`; a tree without git
/// (a source tarball) gets `unknown`. The file is rewritten only when its content changes, so a build that
/// changes nothing recompiles nothing.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    /// One prebuild command: `/bin/sh` running `git` in the package folder.
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("BuildInfo")
        return [
            .prebuildCommand(
                displayName: "Recording the git commit of \(target.name)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", Self.script, "build-info", context.package.directoryURL.path, output.path],
                outputFilesDirectory: output),
        ]
    }

    /// `$1` is the package folder, `$2` the output folder.
    static let script = #"""
        commit=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null) || commit=unknown
        if [ "$commit" != unknown ] && [ -n "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
          commit="$commit-dirty"
        fi
        mkdir -p "$2"
        text="/// The build's origin, written by the BuildInfo plugin before each build.
        enum BuildInfo {
            /// The git commit the sources were built from (\`-dirty\` with uncommitted changes, \`unknown\` without git).
            static let commit = \"$commit\"
        }"
        [ "$(cat "$2/BuildInfo.swift" 2>/dev/null)" = "$text" ] || printf '%s\n' "$text" > "$2/BuildInfo.swift"
        """#
}
