/// One line of the purge log: what was destroyed, when, how much, for which policy.
struct PurgeEntry: Sendable {
    /// The kind of destruction.
    var action: PurgeAction
    /// When, epoch seconds (wall clock).
    var at: Int64
    /// How many readings, windows, aggregates or files.
    var count: Int
    /// The policy on whose behalf it happened.
    var policy: String
    /// A sentence with the specifics (window, sink, file).
    var detail: String

    /// Creates an entry.
    init(action: PurgeAction, at: Int64, count: Int, policy: String, detail: String) {
        self.action = action
        self.at = at
        self.count = count
        self.policy = policy
        self.detail = detail
    }

    /// The JSON Lines form: `{"action":…,"at":"RFC 3339","count":…,"policy":…,"detail":…}`.
    var jsonLine: String {
        JSONText.object([
            ("action", JSONText.quote(action.rawValue)), ("at", JSONText.quote(RFC3339.format(at))),
            ("count", String(count)), ("policy", JSONText.quote(policy)), ("detail", JSONText.quote(detail)),
        ])
    }
}
