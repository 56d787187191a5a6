import Policy

/// The stage factories a `privacy-runtime` build knows, keyed by kind and the policy's `type:`; also the
/// readers `decrypt` can open. It is the runtime's `StageCatalog`, so policies are checked against it.
///
/// Start from `StageRegistry.builtIn` and add plugins: `var registry = StageRegistry.builtIn;
/// SQLiteSinkPlugin.register(in: &registry)`.
public struct StageRegistry: StageCatalog {
    private var sources: [String: StageFactory<any ReadingSource>] = [:]
    private var encryptors: [String: StageFactory<any ReadingEncryptor>] = [:]
    private var aggregators: [String: StageFactory<any WindowAggregator>] = [:]
    private var purgers: [String: StageFactory<any ReadingPurger>] = [:]
    private var sinks: [String: StageFactory<any AggregateSink>] = [:]
    /// Lease stores of partitioned sources, by source type (see `StageRegistry+Partitions.swift`).
    var leaseStores: [String: StageFactory<any PartitionLeaseStore>] = [:]
    /// The aggregate readers for `decrypt --input KIND:PATH`.
    public var aggregateReaders = AggregateReaderRegistry()

    /// An empty registry (see `builtIn` for the usual start).
    public init() {}

    /// Registers a source type (replacing an earlier one of the same name).
    public mutating func register(source type: String, factory: @escaping StageFactory<any ReadingSource>) {
        sources[type] = factory
    }

    /// Registers an encryptor type.
    public mutating func register(encryptor type: String, factory: @escaping StageFactory<any ReadingEncryptor>) {
        encryptors[type] = factory
    }

    /// Registers an aggregator type.
    public mutating func register(aggregator type: String, factory: @escaping StageFactory<any WindowAggregator>) {
        aggregators[type] = factory
    }

    /// Registers a purge type.
    public mutating func register(purger type: String, factory: @escaping StageFactory<any ReadingPurger>) {
        purgers[type] = factory
    }

    /// Registers a sink type.
    public mutating func register(sink type: String, factory: @escaping StageFactory<any AggregateSink>) {
        sinks[type] = factory
    }

    /// The registered `type:` names of `kind`, sorted.
    public func registeredTypes(_ kind: StageKind) -> [String] {
        switch kind {
        case .source: sources.keys.sorted()
        case .encrypt: encryptors.keys.sorted()
        case .aggregate: aggregators.keys.sorted()
        case .purge: purgers.keys.sorted()
        case .sink: sinks.keys.sorted()
        }
    }

    /// Reads `config`'s options with its factory and returns every problem (unknown keys included).
    public func validate(_ config: StageConfig) -> [Diagnostic] {
        read(config).finish()
    }

    /// What `config`'s factory says about its stage while reading its options (the file a sink writes, the key an
    /// encryptor uses); empty for an unknown type or a factory that says nothing.
    public func outline(_ config: StageConfig) -> StageOutline {
        read(config).outline
    }

    /// `config`'s options after its factory read them (the builder is not run).
    private func read(_ config: StageConfig) -> StageOptions {
        var options = StageOptions(config)
        switch config.kind {
        case .source: _ = sources[config.type]?(&options)
        case .encrypt: _ = encryptors[config.type]?(&options)
        case .aggregate: _ = aggregators[config.type]?(&options)
        case .purge: _ = purgers[config.type]?(&options)
        case .sink: _ = sinks[config.type]?(&options)
        }
        return options
    }

    /// Builds the source of `config`.
    public func makeSource(_ config: StageConfig, context: StageContext) async throws -> any ReadingSource {
        try await build(config, sources, context)
    }

    /// Builds the encryptor of `config`.
    public func makeEncryptor(_ config: StageConfig, context: StageContext) async throws -> any ReadingEncryptor {
        try await build(config, encryptors, context)
    }

    /// Builds the aggregator of `config`.
    public func makeAggregator(_ config: StageConfig, context: StageContext) async throws -> any WindowAggregator {
        try await build(config, aggregators, context)
    }

    /// Builds the purger of `config`.
    public func makePurger(_ config: StageConfig, context: StageContext) async throws -> any ReadingPurger {
        try await build(config, purgers, context)
    }

    /// Builds the sink of `config`.
    public func makeSink(_ config: StageConfig, context: StageContext) async throws -> any AggregateSink {
        try await build(config, sinks, context)
    }

    func build<Stage>(_ config: StageConfig, _ factories: [String: StageFactory<Stage>], _ context: StageContext) async throws -> Stage {
        guard let factory = factories[config.type] else {
            throw PolicyError(diagnostics: [.error(
                "unknown \(config.kind.rawValue) type '\(config.type)' (registered: \(registeredTypes(config.kind).joined(separator: ", ")))",
                at: config.typeLocation)])
        }
        var options = StageOptions(config)
        let builder = factory(&options)
        let diagnostics = options.finish()
        guard let builder, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw PolicyError(diagnostics: diagnostics)
        }
        return try await builder(context)
    }
}
