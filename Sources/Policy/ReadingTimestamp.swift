/// Whether a reading's timestamp marks the start or the end of the interval it measures (`readings.timestamp`).
/// It decides the window, period and tariff band of every reading on a boundary.
public enum ReadingTimestamp: String, Sendable, Hashable, CaseIterable {
    /// The timestamp is the interval's start: a reading at 17:00 measured 17:00-17:15 (how windows always treated it).
    case intervalStart = "interval_start"
    /// The timestamp is the interval's end: a reading at 17:00 measured 16:45-17:00.
    case intervalEnd = "interval_end"

    /// The start of the interval a reading stamped `timestamp` measured, given the interval length in seconds.
    public func intervalStart(of timestamp: Int64, interval: Int64) -> Int64 {
        self == .intervalStart ? timestamp : timestamp - interval
    }
}
