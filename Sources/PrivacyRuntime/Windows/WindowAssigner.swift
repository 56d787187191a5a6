import Foundation
import Policy

/// Assigns an event time to its tumbling window: windows of `length` seconds aligned to UTC midnight, or to
/// local midnight in `timeZone` (a billing day then follows the customer's clock, 23 or 25 hours on DST days).
public struct WindowAssigner: Sendable {
    /// Window length in seconds; divides a day evenly (the policy checks this).
    public let length: Int64
    /// The zone whose midnight windows align to; nil for UTC.
    public let timeZone: TimeZone?
    /// A billing policy's period: windows are then local days, ISO weeks or calendar months, not `length`.
    public let period: BillingPeriod?
    /// With `interval_end` timestamps, the reading interval: a reading is placed by its interval's start.
    public let endStampedInterval: Int64?

    /// Creates an assigner.
    public init(length: Int64, timeZone: TimeZone? = nil) {
        precondition(length > 0, "window length must be positive")
        self.length = length
        self.timeZone = timeZone.flatMap { $0.secondsFromGMT() == 0 && $0.nextDaylightSavingTimeTransition == nil ? nil : $0 }
        self.period = nil
        self.endStampedInterval = nil
    }

    /// An assigner of `policy`'s windows: its billing periods when it bills, else windows of its `window:`; readings
    /// are placed by their interval's start under `readings.timestamp: interval_end`.
    public init(policy: Policy) {
        self.length = policy.window.seconds
        self.timeZone = policy.timeZone.flatMap { $0.secondsFromGMT() == 0 && $0.nextDaylightSavingTimeTransition == nil ? nil : $0 }
        self.period = policy.billing?.period
        self.endStampedInterval = policy.readings.timestamp == .intervalEnd ? policy.readings.interval : nil
    }

    /// The instant a reading stamped `timestamp` is placed by: its interval's start.
    public func placement(of timestamp: Int64) -> Int64 {
        endStampedInterval.map { timestamp - $0 } ?? timestamp
    }

    /// The window `[start, end)` holding `timestamp` (epoch seconds).
    public func window(containing timestamp: Int64) -> (start: Int64, end: Int64) {
        if let period { return period.period(containing: timestamp, clock: LocalClock(timeZone: timeZone)) }
        guard timeZone != nil else {
            let start = LocalClock.floorDivide(timestamp, length) * length
            return (start, start + length)
        }
        let clock = LocalClock(timeZone: timeZone)
        let localStart = LocalClock.floorDivide(clock.localSeconds(at: timestamp), length) * length
        // Clamped so a window shorter than a DST shift still holds its timestamp.
        let start = min(clock.instant(atLocal: localStart), timestamp)
        let end = max(clock.instant(atLocal: localStart + length), timestamp + 1)
        return (start, end)
    }
}
