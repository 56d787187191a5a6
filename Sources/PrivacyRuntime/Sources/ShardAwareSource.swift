/// A source that yields only the readings of its own shard (`StageContext.shard`) by itself,
/// e.g. by subscribing to those regions only, so the runtime does not filter it again.
public protocol ShardAwareSource: ReadingSource {}
