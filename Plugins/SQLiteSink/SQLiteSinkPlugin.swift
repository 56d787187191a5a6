import PrivacyRuntime

/// Registers the `sqlite` sink (option `path`, relative to the policy file) and the `sqlite` aggregate reader.
public enum SQLiteSinkPlugin {
    /// Adds the sink and reader to `registry`.
    public static func register(in registry: inout StageRegistry) {
        registry.register(sink: "sqlite") { options in
            guard let path = options.requiredPath("path") else { return nil }
            options.outline.file = path
            options.outline.insertsOnce = true
            return { context in try SQLiteSink(path: path.path, policy: context.policy.name) }
        }
        registry.aggregateReaders.register("sqlite") { path in try SQLiteAggregateReader(path: path) }
    }
}
