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
            data = try Data(contentsOf: url)
        } catch {
            throw PolicyError(diagnostics: [.error("cannot read policy file: \(Self.reason(error))", at: start)])
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

    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
