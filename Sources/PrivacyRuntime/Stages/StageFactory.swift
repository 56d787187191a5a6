import Policy

/// Builds a stage once its options were read and checked.
public typealias StageBuilder<Stage> = @Sendable (StageContext) async throws -> Stage

/// Reads a stage section's options (reporting problems through `StageOptions`, with file:line:column) and
/// returns the builder, or nil if the options are unusable. The same code serves `check` (options only)
/// and `run` (options, then the builder), so validation and construction cannot drift apart.
///
/// ```swift
/// registry.register(sink: "csv-daily") { options in
///     guard let directory = options.requiredPath("directory") else { return nil }
///     return { context in try CSVDailySink(directory: directory, policy: context.policy.name) }
/// }
/// ```
public typealias StageFactory<Stage> = @Sendable (inout StageOptions) -> StageBuilder<Stage>?
