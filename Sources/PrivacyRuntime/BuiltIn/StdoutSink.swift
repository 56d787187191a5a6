import Foundation
import Paillier

/// The built-in `stdout` sink: by default one compact line per aggregate on standard output
/// (`household-billing M001 2026-01-01T00:00:00Z/2026-01-01T02:00:00Z readings=24 meters=1 sha256:…`);
/// a billing period's rows end with ` kind=register:BAND` or ` kind=bill:CUR`; with `format: json`, the full
/// aggregate as one JSON object per line (the `jsonl` format).
public struct StdoutSink: AggregateSink {
    private let format: StdoutFormat

    /// Creates the sink.
    public init(format: StdoutFormat = .compact) {
        self.format = format
    }

    /// Prints each aggregate as one line.
    public func write(_ batch: [WindowAggregate]) async throws {
        var text = ""
        for aggregate in batch { text += Self.line(aggregate, format: format) + "\n" }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Nothing to release.
    public func close() async throws {}

    /// One aggregate as printed in `format`.
    public static func line(_ aggregate: WindowAggregate, format: StdoutFormat) -> String {
        switch format {
        case .json:
            return AggregateJSON.line(aggregate.record)
        case .compact:
            let window = RFC3339.format(aggregate.windowStart) + "/" + RFC3339.format(aggregate.windowEnd)
            return "\(aggregate.policy) \(aggregate.scopeKey) \(window) readings=\(aggregate.readings) "
                + "meters=\(aggregate.meters) sha256:\(aggregate.ciphertext.fingerprint)" + (aggregate.incomplete ? " incomplete" : "")
                + (aggregate.kind == .total ? "" : " kind=\(aggregate.kind)")
        }
    }
}
