import Policy

/// Tumbling event-time windows per scope key, closed by one watermark per policy.
///
/// The watermark follows the fleet, not its fastest clock: it is the `FleetClock`'s time (a low quantile of
/// the meters' latest event times, per the policy's `WatermarkRule`) minus the allowed lateness, and never moves
/// back. Once the watermark reaches a window's end, a later reading for it is rejected as late; a reading more
/// than `maxAhead` ahead of the fleet is rejected as future, so one meter's clock costs that meter only. A meter
/// that falls silent drops below the quantile, and out of it after `idleAfter`, so it cannot keep windows open.
/// Memory is bounded by the open windows and one time per meter: duplicates (same meter and timestamp) are
/// detected only within open windows, since a repeat for a closed window is late anyway.
///
/// Use: `admit` each reading of a batch (admission only records it; it never closes a window), fold the accepted
/// ones into their window's payload, then close explicitly with `takeClosed()`, which removes the windows the
/// watermark has passed (a window passed by one reading may still be folded into by earlier readings of the
/// same batch, which were on time). `closeAll()` ends the input.
struct WindowTable<Payload> {
    /// The open windows that share one start (tumbling windows of a policy share their bounds).
    private struct Slot {
        var end: Int64
        var windows: [String: OpenWindow<Payload>] = [:]
    }

    private let assigner: WindowAssigner
    private let lateness: Int64
    private let scope: Scope
    /// Starts a window's aggregate.
    let makePayload: () -> Payload
    private var slots: [Int64: Slot] = [:]
    private let maxAhead: Int64
    private var fleet: FleetClock
    /// The policy's release point: readings for released windows are rejected, admitted windows recorded.
    private let releases: ReleaseTracker?
    /// The reading grid's interval (`readings.interval`), so windows keep their timestamps as bits; nil without one.
    private let gridInterval: Int64?
    /// Windows currently open (not yet taken by `takeClosed()` or `closeAll()`).
    private(set) var openCount = 0

    /// Creates a table; `makePayload` starts each window's aggregate.
    init(assigner: WindowAssigner, lateness: Int64, watermark rule: WatermarkRule, scope: Scope,
         releases: ReleaseTracker? = nil, gridInterval: Int64? = nil, makePayload: @escaping () -> Payload) {
        self.gridInterval = gridInterval
        self.assigner = assigner
        self.lateness = lateness
        self.maxAhead = rule.maxAhead
        self.fleet = FleetClock(rule: rule)
        self.scope = scope
        self.releases = releases
        self.makePayload = makePayload
    }

    /// The fleet's time minus the lateness; nil until enough meters reported (see `WatermarkRule.minMeters`).
    var watermark: Int64? { fleet.time.map { $0 - lateness } }

    /// Offers a reading; on acceptance the reading is recorded in its window (for duplicates and meter counts).
    mutating func admit(meterID: String, region: String, timestamp: Int64) -> Admission<Payload> {
        let key = scope.key(meterID: meterID, region: region)
        if let fleetTime = fleet.time, timestamp > fleetTime + maxAhead {
            // Counted all the same: one meter ahead stays above the quantile, but a fleet that resumes after a
            // gap longer than `maxAhead` moves the quantile on (after about one round of readings) instead of
            // having every later reading rejected.
            fleet.record(meterID: meterID, timestamp: timestamp)
            return .rejected(.future, "timestamp is \(PolicyDuration(seconds: timestamp - fleetTime)) ahead of the fleet (\(RFC3339.format(fleetTime)); watermark.max_ahead \(PolicyDuration(seconds: maxAhead)))")
        }
        let placed = assigner.placement(of: timestamp)
        let (start, end) = assigner.window(containing: placed)
        if let watermark, end <= watermark {
            return .rejected(.late, "window \(RFC3339.format(start))–\(RFC3339.format(end)) of '\(key)' already closed (watermark \(RFC3339.format(watermark)))")
        }
        // Within a run a released window is behind the watermark (late); after a restart, the release point says it.
        if let releases, releases.isReleased(timestamp: placed) {
            return .rejected(.alreadyReleased, "window \(RFC3339.format(start))–\(RFC3339.format(end)) of '\(key)' was released already (release point \(RFC3339.format(releases.point.releasedThrough ?? end))); a window is released once")
        }
        let window: OpenWindow<Payload>
        if let existing = slots[start]?.windows[key] {
            window = existing
        } else {
            window = OpenWindow(scopeKey: key, start: start, end: end, payload: makePayload(), gridInterval: gridInterval)
            slots[start, default: Slot(end: end)].windows[key] = window
            openCount += 1
        }
        guard window.record(meterID: meterID, timestamp: timestamp) else {
            return .rejected(.duplicate, "meter '\(meterID)' already sent a reading for \(RFC3339.format(timestamp))")
        }
        fleet.record(meterID: meterID, timestamp: timestamp)
        releases?.admitted(windowEnd: end)
        return .accepted(window)
    }

    /// The open windows (oldest first) and the fleet clock, for a checkpoint.
    var snapshot: (windows: [OpenWindow<Payload>], fleet: FleetClock.State) {
        (slots.values.flatMap { $0.windows.values }.sorted { ($0.start, $0.scopeKey) < ($1.start, $1.scopeKey) }, fleet.state)
    }

    /// Replaces the table's windows and fleet clock with a checkpoint's (at a resume, before the first reading).
    mutating func restore(windows: [OpenWindow<Payload>], fleet state: FleetClock.State, rule: WatermarkRule) {
        slots = [:]
        for window in windows {
            slots[window.start, default: Slot(end: window.end)].windows[window.scopeKey] = window
        }
        openCount = windows.count
        fleet = FleetClock(rule: rule, state: state)
    }

    /// Closes and removes every window whose end is at or before the watermark, oldest first: the close step,
    /// after a batch was folded.
    mutating func takeClosed() -> [OpenWindow<Payload>] {
        guard let watermark else { return [] }
        var closed: [OpenWindow<Payload>] = []
        for (start, slot) in slots where slot.end <= watermark {
            slots[start] = nil
            closed.append(contentsOf: slot.windows.values)
        }
        return remove(closed)
    }

    /// Drops `window` from the open windows without releasing it (it holds no reading: the fold refused its only ones).
    mutating func discard(_ window: OpenWindow<Payload>) {
        guard slots[window.start]?.windows[window.scopeKey] === window else { return }
        slots[window.start]?.windows[window.scopeKey] = nil
        if slots[window.start]?.windows.isEmpty == true { slots[window.start] = nil }
        openCount -= 1
    }

    /// Closes every open window (end of input or shutdown) and returns them, oldest first.
    mutating func closeAll() -> [OpenWindow<Payload>] {
        let closed = slots.values.flatMap { $0.windows.values }
        slots = [:]
        return remove(closed)
    }

    /// Counts `closed` out of the open windows and sorts them by start, then scope key.
    private mutating func remove(_ closed: [OpenWindow<Payload>]) -> [OpenWindow<Payload>] {
        openCount -= closed.count
        return closed.sorted { ($0.start, $0.scopeKey) < ($1.start, $1.scopeKey) }
    }
}
