/// Tumbling event-time windows per scope key, with a watermark per key.
///
/// Each key's watermark is the latest event time seen for that key minus the allowed lateness. A window closes
/// when its key's watermark reaches its end; a later reading for it is rejected as late. Memory is bounded by the
/// open windows: duplicates (same meter and timestamp) are detected only within open windows, since a repeat for
/// a closed window is late anyway.
///
/// Use: `admit` each reading, fold the accepted ones into their window's payload, then `takeClosed()` to seal
/// the windows the watermarks passed (a window closed by one reading may still be folded into by earlier
/// readings of the same batch, which were on time). `closeAll()` ends the input.
public struct WindowTable<Payload> {
    private struct KeyState {
        var latestEventTime: Int64
        var windows: [Int64: OpenWindow<Payload>] = [:]
    }

    private let assigner: WindowAssigner
    private let lateness: Int64
    private let scope: ScopeKind
    private let makePayload: () -> Payload
    private var keys: [String: KeyState] = [:]
    private var closed: [OpenWindow<Payload>] = []
    /// Windows currently open (not yet closed by a watermark).
    public private(set) var openCount = 0

    /// Creates a table; `makePayload` starts each window's aggregate.
    public init(assigner: WindowAssigner, lateness: Int64, scope: ScopeKind, makePayload: @escaping () -> Payload) {
        self.assigner = assigner
        self.lateness = lateness
        self.scope = scope
        self.makePayload = makePayload
    }

    /// Offers a reading; on acceptance the reading is recorded in its window (for duplicates and meter counts).
    public mutating func admit(meterID: String, region: String, timestamp: Int64) -> Admission<Payload> {
        let key = scope.key(meterID: meterID, region: region)
        let (start, end) = assigner.window(containing: timestamp)
        var state = keys.removeValue(forKey: key) ?? KeyState(latestEventTime: timestamp)
        defer { keys[key] = state }
        let watermark = state.latestEventTime - lateness
        if end <= watermark {
            return .rejected(.late, "window \(RFC3339.format(start))–\(RFC3339.format(end)) of '\(key)' already closed (watermark \(RFC3339.format(watermark)))")
        }
        let window: OpenWindow<Payload>
        if let existing = state.windows[start] {
            window = existing
        } else {
            window = OpenWindow(scopeKey: key, start: start, end: end, payload: makePayload())
            state.windows[start] = window
            openCount += 1
        }
        guard window.record(meterID: meterID, timestamp: timestamp) else {
            return .rejected(.duplicate, "meter '\(meterID)' already sent a reading for \(RFC3339.format(timestamp))")
        }
        if timestamp > state.latestEventTime {
            state.latestEventTime = timestamp
            let newWatermark = timestamp - lateness
            for (windowStart, open) in state.windows where open.end <= newWatermark {
                state.windows[windowStart] = nil
                closed.append(open)
                openCount -= 1
            }
        }
        return .accepted(window)
    }

    /// The windows closed by watermarks since the last call, oldest first.
    public mutating func takeClosed() -> [OpenWindow<Payload>] {
        defer { closed = [] }
        return closed.sorted { ($0.start, $0.scopeKey) < ($1.start, $1.scopeKey) }
    }

    /// Closes every open window (end of input or shutdown) and returns them with any not yet taken, oldest first.
    public mutating func closeAll() -> [OpenWindow<Payload>] {
        for (key, state) in keys {
            closed.append(contentsOf: state.windows.values)
            keys[key]?.windows = [:]
        }
        openCount = 0
        return takeClosed()
    }
}
