import Foundation
import Policy

/// The meters' reporting grid (`readings.interval`): timestamps at whole multiples of the interval in the policy's
/// time zone (the interval divides an hour, so the grid is the same in UTC for zones offset by whole hours). A
/// household window's coverage is the share of its grid slots that hold a reading.
struct ReadingGrid: Sendable {
    /// The interval in seconds; divides an hour (the policy checks this).
    let interval: Int64
    /// The zone whose clock the grid follows; nil for UTC.
    let timeZone: TimeZone?

    /// Creates a grid.
    init(interval: Int64, timeZone: TimeZone?) {
        precondition(interval > 0 && 3600 % interval == 0, "the interval must divide an hour")
        self.interval = interval
        self.timeZone = timeZone
    }

    /// Whether `timestamp` (epoch seconds) lies on the grid.
    func contains(_ timestamp: Int64) -> Bool {
        let local = LocalClock(timeZone: timeZone).localSeconds(at: timestamp)
        return local - LocalClock.floorDivide(local, interval) * interval == 0
    }

    /// The grid slots in the window `[start, end)`: its length in intervals (whole, since the interval divides the
    /// window and daylight-saving shifts are whole hours in nearly every zone; a rest is rounded down).
    func slots(start: Int64, end: Int64) -> Int {
        Int(max(1, (end - start) / interval))
    }
}
