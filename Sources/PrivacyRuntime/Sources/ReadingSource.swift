/// A stage that produces readings: a file, standard input, a broker, a simulator.
///
/// The runtime pulls: it calls `nextBatch(maxCount:)` from one task, one call at a time, and calls again only
/// when the pipeline has room, so a source never needs its own buffer beyond one batch (this is the backpressure).
/// A source that waits for input (a broker) must return promptly when its task is cancelled, which is how the
/// runtime stops reading on SIGINT/SIGTERM.
///
/// ```swift
/// actor CountingSource: ReadingSource {
///     var sent = false
///     func nextBatch(maxCount: Int) async throws -> [SourceItem]? {
///         if sent { return nil }
///         sent = true
///         return [.record(SourceRecord(meterID: "m1", region: "r", timestamp: 0,
///                                      value: ExactDecimal("1.5")!, position: .init(source: "demo", line: 1), rawText: ""))]
///     }
///     func close() async {}
/// }
/// ```
public protocol ReadingSource: Sendable {
    /// Up to `maxCount` items in input order; an empty array is allowed (nothing yet); nil at end of input.
    /// Throwing ends the run with the error (use `.malformed` items for bad lines instead).
    func nextBatch(maxCount: Int) async throws -> [SourceItem]?

    /// Releases the input (closes files, disconnects). Called once, after the last `nextBatch`.
    func close() async

    /// Whether a new run reads the input from its start again (a file), so that after a restart the windows open
    /// at the crash get all their readings again; false (the default) for a broker or standard input, whose
    /// readings consumed before a crash are gone. The release step suppresses or marks those windows then.
    var replaysFromStart: Bool { get }

    /// Messages the input holds that the run has not read yet (a stream consumer's lag), for the
    /// `privacy_runtime_stream_lag_messages` metric; nil (the default) when the source cannot tell.
    var backlog: Int? { get async }
}

extension ReadingSource {
    /// Not replayed: what a run consumed is gone at a restart.
    public var replaysFromStart: Bool { false }

    /// Unknown.
    public var backlog: Int? { nil }
}
