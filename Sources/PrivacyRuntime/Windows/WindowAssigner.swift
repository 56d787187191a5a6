import Foundation
import Policy

/// Assigns an event time to its tumbling window: windows of `length` seconds aligned to UTC midnight, or to
/// local midnight in `timeZone` (a billing day then follows the customer's clock, 23 or 25 hours on DST days).
public struct WindowAssigner: Sendable {
    /// Window length in seconds; divides a day evenly (the policy checks this).
    public let length: Int64
    /// The zone whose midnight windows align to; nil for UTC.
    public let timeZone: TimeZone?

    /// Creates an assigner.
    public init(length: Int64, timeZone: TimeZone? = nil) {
        precondition(length > 0, "window length must be positive")
        self.length = length
        self.timeZone = timeZone.flatMap { $0.secondsFromGMT() == 0 && $0.nextDaylightSavingTimeTransition == nil ? nil : $0 }
    }

    /// The window `[start, end)` holding `timestamp` (epoch seconds).
    public func window(containing timestamp: Int64) -> (start: Int64, end: Int64) {
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
