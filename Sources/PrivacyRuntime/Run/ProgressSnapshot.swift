/// The live state of a run, handed to the progress callback about once a second.
public struct ProgressSnapshot: Sendable {
    /// Records read so far.
    public var recordsRead: Int
    /// Records per second over the last interval.
    public var recordsPerSecond: Double
    /// Windows open across all policies.
    public var openWindows: Int
    /// Windows released across all policies.
    public var windowsReleased: Int
    /// Readings rejected across all policies.
    public var rejected: Int
    /// Each policy's counts so far, in the run's policy order.
    public var policies: [PolicySummary] = []
    /// The latest checkpoint written, over a checkpointed source; nil before the first or without checkpoints.
    public var checkpoint: CheckpointStatus? = nil
    /// Messages the source holds that the run has not read yet (a stream's lag); nil when the source cannot tell.
    public var sourceBacklog: Int? = nil
    /// Aggregates the sinks accepted but have not stored yet.
    public var sinkBacklog = 0

    /// `12000 readings (10500/s), 340 open windows, 1200 released, 3 rejects`.
    public var line: String {
        "\(recordsRead) readings (\(Int(recordsPerSecond))/s), \(openWindows) open windows, \(windowsReleased) released, \(rejected) rejects"
    }
}
