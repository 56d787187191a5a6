/// Evenly spaced, readable tick positions for a chart axis.
enum AxisTicks {
    /// Multiples of a step of 1, 2, 2.5 or 5 × 10^k from `low` rounded down to `high` rounded up,
    /// with about `count` intervals.
    static func values(from low: Double, to high: Double, count: Int = 6) -> [Double] {
        let span = high > low ? high - low : max(abs(high), 1)
        let raw = span / Double(count)
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = (low / step).rounded(.down), last = (high / step).rounded(.up)
        return stride(from: first, through: max(last, first + 1), by: 1).map { $0 * step }
    }

    /// Epoch seconds on whole UTC multiples of a step of 15 minutes up to a week, about `count` intervals
    /// between `start` and `end`.
    static func times(from start: Int64, to end: Int64, count: Int = 8) -> [Int64] {
        let steps: [Int64] = [900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172_800, 604_800]
        let span = max(end - start, 1)
        let step = steps.first { span / $0 <= Int64(count) } ?? steps[steps.count - 1]
        let first = (start + step - 1) / step * step
        return Array(stride(from: first, through: end, by: Int(step)))
    }
}
