/// Wraps a source for `--shard K/N`: passes on the records of regions shard K owns, and lines that
/// could not be parsed only on shard 0, so that N instances together report every reading and
/// every reject exactly once, as one instance would.
public actor ShardFilteredSource: ReadingSource {
    private let base: any ReadingSource
    private let shard: ShardAssignment

    /// Filters `base` down to `shard`.
    public init(base: any ReadingSource, shard: ShardAssignment) {
        self.base = base
        self.shard = shard
    }

    /// `source` itself when no shard is set, it is the only shard, or the source shards itself;
    /// otherwise `source` filtered to `shard`.
    public static func wrap(_ source: any ReadingSource, shard: ShardAssignment?) -> any ReadingSource {
        guard let shard, shard.count > 1, !(source is any ShardAwareSource) else { return source }
        return ShardFilteredSource(base: source, shard: shard)
    }

    /// The base source's next batch without other shards' items (possibly empty).
    public func nextBatch(maxCount: Int) async throws -> [SourceItem]? {
        guard let batch = try await base.nextBatch(maxCount: maxCount) else { return nil }
        return batch.filter { item in
            switch item {
            case .record(let record): shard.owns(region: record.region)
            case .malformed: shard.index == 0
            }
        }
    }

    /// The base source's.
    public nonisolated var replaysFromStart: Bool { base.replaysFromStart }

    /// Closes the base source.
    public func close() async {
        await base.close()
    }
}
