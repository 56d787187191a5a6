import ArgumentParser
import PrivacyRuntime

/// `--shard K/N`: run as shard K of N, owning only the regions whose FNV-1a hash mod N is K
/// (see `ShardAssignment`). Overrides a source's own `shard:` option.
struct ShardOptions: ParsableArguments {
    @Option(
        name: .customLong("shard"),
        help: "Own only the regions of shard K of N (e.g. 0/4); N instances together produce what one would.",
        transform: { text in
            guard let shard = ShardAssignment(parsing: text) else {
                throw ValidationError("--shard wants K/N with 0 <= K < N, e.g. 0/4 (got '\(text)')")
            }
            return shard
        })
    var shard: ShardAssignment?
}
