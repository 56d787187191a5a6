/// A run's state at a batch boundary, taken for a source that reads a replayable log by position: every policy's
/// open windows, fleet clock and release point, and the stream sequence it covers (every message up to `sequence`
/// is folded in, none after). Holds ciphertexts, counts and timestamps, never a reading's value; it leaves the
/// process only sealed (`CheckpointSeal`).
struct PipelineCheckpoint: Equatable, Sendable {
    /// The last stream sequence whose readings the state holds; reading resumes at `sequence + 1`.
    var sequence: UInt64
    /// Per policy of the run, in the run's order.
    var policies: [PolicyState]

    /// One policy's state.
    struct PolicyState: Equatable {
        /// The policy's name.
        var name: String
        /// The release point as the run had it.
        var releasePoint: ReleasePoint
        /// The fleet clock (watermark state).
        var fleet: FleetClock.State
        /// The open windows, oldest first.
        var windows: [WindowState]
    }

    /// One open window.
    struct WindowState: Equatable {
        /// The scope key (meter id or region).
        var scopeKey: String
        /// Inclusive start and exclusive end, epoch seconds.
        var start: Int64, end: Int64
        /// Readings folded in.
        var readings: Int
        /// Per contributing meter, its readings' offsets from `start` (for duplicates, meter counts and coverage).
        var seen: [String: Set<Int32>]
        /// Whether some reading lay above the policy's minimum, and some below its maximum.
        var someAboveMin: Bool, someBelowMax: Bool
        /// Whether some reading's value was encrypted at the meter (unknown to the runtime).
        var someValueUnknown = false
        /// The accumulator's ciphertext (big-endian), a Paillier ciphertext under the key holder's key.
        var ciphertext: [UInt8]
    }
}
