/// What a purge log line records.
public enum PurgeAction: String, Sendable, CaseIterable {
    /// Readings folded into their windows: plaintext values zeroed, ciphertexts released.
    case readingsDestroyed = "readings_destroyed"
    /// A window was not released, its aggregate dropped: a region window with fewer than `min_meters` meters, or a
    /// household window covering less than `readings.min_coverage` of its intervals (the detail says which).
    case windowSuppressed = "window_suppressed"
    /// Open windows dropped at shutdown (`on_shutdown: discard`).
    case windowsDiscarded = "windows_discarded"
    /// Aggregates past `retention.aggregates` deleted from a sink.
    case aggregatesDeleted = "aggregates_deleted"
    /// Noise drawn for released region windows (`noise:`): the windows and the epsilon each meter spent on them.
    case budgetSpent = "budget_spent"
    /// Rejects files past `retention.rejected` deleted.
    case rejectsDeleted = "rejects_deleted"
}
