import PrivacyRuntime

/// The key holder's picture of a day: decrypted window totals as one line per scope key over time, with
/// labelled axes, a legend, and missing (suppressed) windows as breaks in the lines. Written as SVG.
struct LoadCurvePlot {
    /// The chart's title.
    var title: String
    /// The lines, in legend order.
    var series: [LoadSeries]

    private static let width = 960, height = 520
    private static let left = 80.0, right = 780.0, top = 50.0, bottom = 450.0
    private static let colors = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                 "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    /// The SVG document.
    var svg: String {
        let points = series.flatMap(\.points)
        let start = points.map(\.start).min() ?? 0, end = points.map(\.end).max() ?? 1
        let highest = points.map(\.wattHours).max() ?? 0, lowest = min(points.map(\.wattHours).min() ?? 0, 0)
        let inKilo = max(abs(highest), abs(lowest)) >= 10_000
        let scale = inKilo ? 1000.0 : 1.0
        let ticks = AxisTicks.values(from: lowest / scale, to: highest / scale)
        let yLow = ticks.first ?? 0, yHigh = ticks.last ?? 1
        let x = { (time: Double) in Self.left + (time - Double(start)) / Double(max(end - start, 1)) * (Self.right - Self.left) }
        let y = { (value: Double) in Self.bottom - (value / scale - yLow) / (yHigh - yLow) * (Self.bottom - Self.top) }

        var document = SVGDocument(width: Self.width, height: Self.height)
        document.add("rect", [("width", "100%"), ("height", "100%"), ("fill", "white")])
        document.add("text", [("class", "title"), ("x", "\(Self.left)"), ("y", "28"), ("font-size", "16")], text: title)
        for tick in ticks {
            let ty = SVGDocument.number(y(tick * scale))
            document.add("line", [("x1", "\(Self.left)"), ("x2", "\(Self.right)"), ("y1", ty), ("y2", ty), ("stroke", "#e0e0e0")])
            document.add("text", [("class", "y-tick"), ("x", "\(Self.left - 8)"), ("y", ty), ("text-anchor", "end"),
                                  ("dominant-baseline", "middle")], text: Self.tickLabel(tick))
        }
        var previousDay = ""
        for time in AxisTicks.times(from: start, to: end) {
            let tx = SVGDocument.number(x(Double(time)))
            let stamp = RFC3339.format(time)
            let day = String(stamp.prefix(10)), clock = String(stamp.dropFirst(11).prefix(5))
            document.add("line", [("x1", tx), ("x2", tx), ("y1", "\(Self.bottom)"), ("y2", "\(Self.bottom + 5)"), ("stroke", "#333")])
            document.add("text", [("class", "x-tick"), ("x", tx), ("y", "\(Self.bottom + 20)"), ("text-anchor", "middle")], text: clock)
            if day != previousDay {
                document.add("text", [("x", tx), ("y", "\(Self.bottom + 35)"), ("text-anchor", "middle"), ("fill", "#555")], text: day)
                previousDay = day
            }
        }
        document.add("path", [("d", "M\(Self.left),\(Self.top)V\(Self.bottom)H\(Self.right)"), ("fill", "none"), ("stroke", "#333")])
        document.add("text", [("class", "axis-label"), ("x", SVGDocument.number((Self.left + Self.right) / 2)),
                              ("y", "\(Self.bottom + 60)"), ("text-anchor", "middle")],
                     text: "time (UTC); each point is one window's total, at the window's middle")
        document.add("text", [("class", "axis-label"), ("x", "0"), ("y", "0"), ("text-anchor", "middle"),
                              ("transform", "translate(22 \(SVGDocument.number((Self.top + Self.bottom) / 2))) rotate(-90)")],
                     text: "energy per window (\(inKilo ? "kWh" : "Wh"))")

        for (index, line) in series.enumerated() {
            let color = Self.colors[index % Self.colors.count]
            document.open("g", [("class", "series"), ("data-key", line.label), ("stroke", color), ("fill", color)])
            for run in line.runs {
                let coordinates = run.map { point in
                    SVGDocument.number(x(Double(point.start + point.end) / 2)) + "," + SVGDocument.number(y(point.wattHours))
                }
                if run.count == 1 {
                    let xy = coordinates[0].split(separator: ",")
                    document.add("circle", [("class", "run"), ("cx", String(xy[0])), ("cy", String(xy[1])), ("r", "2.5")])
                } else {
                    document.add("polyline", [("class", "run"), ("points", coordinates.joined(separator: " ")),
                                              ("fill", "none"), ("stroke-width", "2")])
                }
            }
            document.close("g")
            let ly = Self.top + 10 + Double(index) * 20
            document.add("line", [("x1", "\(Self.right + 20)"), ("x2", "\(Self.right + 44)"), ("y1", SVGDocument.number(ly)),
                                  ("y2", SVGDocument.number(ly)), ("stroke", color), ("stroke-width", "3")])
            document.add("text", [("class", "legend"), ("x", "\(Self.right + 50)"), ("y", SVGDocument.number(ly)),
                                  ("dominant-baseline", "middle")], text: line.label)
        }
        let gaps = series.map(\.gaps).reduce(0, +)
        if gaps > 0 {
            for (offset, text) in ["a break in a line:", "windows not released"].enumerated() {
                let ly = Self.top + 20 + Double(series.count + offset) * 20
                document.add("text", [("class", "legend"), ("x", "\(Self.right + 20)"), ("y", SVGDocument.number(ly)), ("fill", "#555")],
                             text: text)
            }
        }
        return document.text
    }

    /// A tick value without needless decimals: 2, 2.5, 0.25.
    private static func tickLabel(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
