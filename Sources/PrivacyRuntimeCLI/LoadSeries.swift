/// One scope key's decrypted window totals over time: a line of the load-curve plot.
struct LoadSeries {
    /// One window's total.
    struct Point {
        /// Window start, epoch seconds.
        var start: Int64
        /// Window end, epoch seconds.
        var end: Int64
        /// The decrypted total in Wh.
        var wattHours: Double
    }

    /// What the legend calls the line (the scope key, with the policy when several are plotted).
    var label: String
    /// The windows, in time order.
    var points: [Point]

    /// The points cut where a window is missing (suppressed, or never reported): each run is drawn as one
    /// line, so a gap shows as a break rather than a slope across the missing windows.
    var runs: [[Point]] {
        var runs: [[Point]] = []
        for point in points {
            if let last = runs.last?.last, last.end == point.start {
                runs[runs.count - 1].append(point)
            } else {
                runs.append([point])
            }
        }
        return runs
    }

    /// Windows missing between the first and the last (each gap counted once).
    var gaps: Int { max(runs.count - 1, 0) }
}
