/// The latest checkpoint a run wrote, for progress and metrics (`privacy_runtime_checkpoint_age_seconds`,
/// `privacy_runtime_checkpoint_bytes`).
public struct CheckpointStatus: Sendable, Equatable {
    /// The stream sequence it covers.
    public var sequence: UInt64
    /// Its sealed size in bytes.
    public var bytes: Int
    /// Its open windows.
    public var windows: Int
    /// When it was written, epoch seconds (fractional).
    public var writtenAt: Double
    /// Seconds taken to snapshot, seal and store it.
    public var writeSeconds: Double

    /// Creates a status.
    public init(sequence: UInt64, bytes: Int, windows: Int, writtenAt: Double, writeSeconds: Double) {
        self.sequence = sequence
        self.bytes = bytes
        self.windows = windows
        self.writtenAt = writtenAt
        self.writeSeconds = writeSeconds
    }
}
