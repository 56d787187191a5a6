#if canImport(Policy)  // scripts/fuzz.sh compiles these parsers and LocalDate as one module, without SwiftPM
import struct Policy.LocalDate
#endif

/// RFC 3339 timestamps to and from Unix epoch seconds, without Foundation's locale-dependent formatters.
public enum RFC3339 {
    /// The instants `format` can write with a four-digit year: 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    public static let representable: ClosedRange<Int64> = -62_167_219_200...253_402_300_799

    /// Parses `2024-03-01T12:05:00Z`, `2024-03-01T12:05:00.250+01:00` or with a space instead of `T`.
    /// Fractions of a second are truncated. Returns nil for anything that is not a valid RFC 3339 date-time, and
    /// for a time whose offset takes it outside `representable` (`9999-12-31T23:59:59-07:00` is in year 10000 UTC,
    /// which `format` could not write back; found by the RFC3339Fuzz target).
    public static func parse(_ text: some StringProtocol) -> Int64? {
        // In place when the text is contiguous (a parsed field), without copying it into an array per reading.
        if let parsed = text.utf8.withContiguousStorageIfAvailable(parse(bytes:)) { return parsed }
        return Array(text.utf8).withUnsafeBufferPointer(parse(bytes:))
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count >= 20 else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for i in start..<(start + count) {
                let byte = bytes[i]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), bytes[4] == UInt8(ascii: "-"),
              let month = number(5, 2), bytes[7] == UInt8(ascii: "-"),
              let day = number(8, 2),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " "),  // no array per reading
              let hour = number(11, 2), bytes[13] == UInt8(ascii: ":"),
              let minute = number(14, 2), bytes[16] == UInt8(ascii: ":"),
              let second = number(17, 2)
        else { return nil }
        guard let date = LocalDate(year: year, month: month, day: day), hour < 24, minute < 60, second < 60 else { return nil }
        var index = 19
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == bytes.count, let oh = number(index + 1, 2), bytes[index + 3] == UInt8(ascii: ":"),
                  let om = number(index + 4, 2), oh < 24, om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        let instant = date.daysSinceEpoch * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset)
        return representable.contains(instant) ? instant : nil
    }

    /// Formats epoch seconds as `2024-03-01T12:05:00Z`.
    public static func format(_ epochSeconds: Int64) -> String {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : -((-epochSeconds + 86_399) / 86_400)
        let secondOfDay = Int(epochSeconds - days * 86_400)
        let (year, month, day) = LocalDate(daysSinceEpoch: days).components
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "\(yearText)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
    }
}
