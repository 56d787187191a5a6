/// What happens to a window whose readings may have been partly lost at a crash (`release: incomplete:`): one
/// that was open when the runtime stopped without releasing it, resumed from a source that does not replay.
public enum IncompleteWindowAction: String, Sendable, CaseIterable, Hashable {
    /// Drop it and record the suppression (the default): nothing partial reaches a sink.
    case suppress
    /// Release it with an `incomplete` flag, which sinks store and `decrypt` shows.
    case mark
}
