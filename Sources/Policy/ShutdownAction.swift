/// What happens to windows still open when the runtime stops (`on_shutdown: open_windows:`).
public enum ShutdownAction: String, Sendable, CaseIterable, Hashable {
    /// Drop partial windows: nothing incomplete is released (the default).
    case discard
    /// Seal and release partial windows, subject to the same `min_meters` rule.
    case release
}
