import Foundation

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
        guard let timeZone else {
            let start = Self.floorDivide(timestamp, length) * length
            return (start, start + length)
        }
        let local = timestamp + Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(timestamp))))
        let localStart = Self.floorDivide(local, length) * length
        // Clamped so a window shorter than a DST shift still holds its timestamp.
        let start = min(utc(ofLocal: localStart, in: timeZone), timestamp)
        let end = max(utc(ofLocal: localStart + length, in: timeZone), timestamp + 1)
        return (start, end)
    }

    private func utc(ofLocal local: Int64, in zone: TimeZone) -> Int64 {
        var guess = local - Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local))))
        guess = local - Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(guess))))
        return guess
    }

    /// The remainder of `floorDivide`: in `0..<b` for positive `b`.
    static func floorModulo(_ a: Int64, _ b: Int64) -> Int64 {
        a - floorDivide(a, b) * b
    }

    /// Division rounding toward negative infinity.
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
