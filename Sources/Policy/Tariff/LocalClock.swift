import Foundation

/// Wall-clock time in a policy's time zone, by arithmetic on the zone's UTC offset: the local date, the
/// minute of the day and the weekday of an instant, and the instant of a local midnight. UTC when the
/// zone is nil. Days that skip or repeat an hour (DST) are 23 or 25 hours long.
public struct LocalClock: Sendable {
    /// The zone; nil for UTC.
    public let timeZone: TimeZone?

    /// A clock for `timeZone` (nil: UTC).
    public init(timeZone: TimeZone?) {
        self.timeZone = timeZone
    }

    /// Seconds since the epoch as the zone's wall clock shows them at `instant`.
    public func localSeconds(at instant: Int64) -> Int64 {
        guard let timeZone else { return instant }
        return instant + Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))))
    }

    /// The instant at which the wall clock shows `local` (for a time skipped by DST, the instant after the gap).
    public func instant(atLocal local: Int64) -> Int64 {
        guard let timeZone else { return local }
        var guess = local - Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local))))
        guess = local - Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(guess))))
        return guess
    }

    /// The local date at `instant`.
    public func date(at instant: Int64) -> LocalDate {
        LocalDate(daysSinceEpoch: Self.floorDivide(localSeconds(at: instant), 86_400))
    }

    /// The minute of the local day at `instant` (0 ..< 1440).
    public func minuteOfDay(at instant: Int64) -> Int {
        Int(localSeconds(at: instant) - Self.floorDivide(localSeconds(at: instant), 86_400) * 86_400) / 60
    }

    /// The instant of local midnight starting `date`.
    public func midnight(of date: LocalDate) -> Int64 {
        instant(atLocal: date.daysSinceEpoch * 86_400)
    }

    /// Division rounding toward negative infinity.
    public static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
