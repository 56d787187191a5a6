import Foundation

/// Loads policy files: YAML -> located nodes -> `${VAR}` substitution -> typed, validated `Policy`.
public enum PolicyLoader {
    /// Loads and validates the policy at `url`; relative paths in it resolve against its directory.
    ///
    /// Locations name the file as `url.relativePath` (the path as the user gave it). When a
    /// `catalog` is given, unknown stage types are reported and each stage's own options are checked.
    public static func load(contentsOf url: URL,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            catalog: (any StageCatalog)? = nil) throws(PolicyError) -> Policy {
        let file = url.relativePath
        let start = SourceLocation(file: file, line: 1, column: 1)
        let data: Data
        do {
            data = try readFile(url)
        } catch {
            throw PolicyError(diagnostics: [.error("cannot read policy file: \(error.reason)", at: start)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PolicyError(diagnostics: [.error("the policy file is not valid UTF-8", at: start)])
        }
        return try load(text: text, file: file, fileURL: url.absoluteURL,
                        baseDirectory: url.absoluteURL.deletingLastPathComponent(),
                        environment: environment, catalog: catalog)
    }

    /// Loads and validates policy text; `fileName` appears in locations, `baseDirectory` anchors relative paths.
    public static func load(yaml: String, fileName: String, baseDirectory: URL,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            catalog: (any StageCatalog)? = nil) throws(PolicyError) -> Policy {
        let fileURL = baseDirectory.appendingPathComponent((fileName as NSString).lastPathComponent)
        return try load(text: yaml, file: fileName, fileURL: fileURL, baseDirectory: baseDirectory,
                        environment: environment, catalog: catalog)
    }

    private static func load(text: String, file: String, fileURL: URL, baseDirectory: URL,
                             environment: [String: String], catalog: (any StageCatalog)?) throws(PolicyError) -> Policy {
        let parsed = YAMLReader(file: file).read(text)
        guard let root = parsed.root else { throw PolicyError(diagnostics: parsed.diagnostics) }
        var substitution = EnvironmentSubstitution(environment: environment)
        let substituted = substitution.apply(to: root)
        var decoder = PolicyDecoder(fileURL: fileURL, baseDirectory: baseDirectory, catalog: catalog)
        let policy = decoder.decode(substituted)
        // A value whose substitution failed would also fail validation; report it once.
        let unsubstituted = Set(substitution.diagnostics.map(\.location))
        let diagnostics = parsed.diagnostics + substitution.diagnostics
            + decoder.diagnostics.filter { !unsubstituted.contains($0.location) }
        guard let policy, !diagnostics.containsError else { throw PolicyError(diagnostics: diagnostics) }
        return policy
    }

    /// Why a file could not be read, in the operating system's words.
    private struct ReadFailure: Error {
        let reason: String
    }

    private static func readFile(_ url: URL) throws(ReadFailure) -> Data {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ReadFailure(reason: "it is a directory")
        }
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { throw ReadFailure(reason: String(cString: strerror(errno))) }
        close(descriptor)
        do {
            return try Data(contentsOf: url)
        } catch {
            throw ReadFailure(reason: error.localizedDescription)
        }
    }
}
