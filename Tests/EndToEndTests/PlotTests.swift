import Foundation
import XCTest

/// `decrypt --plot`: the SVG is well-formed, has one line per region with labelled axes, breaks where a
/// window was suppressed, and its points map back (through the drawn axis ticks) to the sums of the input.
final class PlotTests: XCTestCase {
    private var workspace: Workspace!

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    func testRegionalPlotDrawsEveryReleasedWindowAndBreaksAtSuppressedOnes() throws {
        // Six of north's ten meters miss 03:00-04:00, six of south's miss 05:00-07:00, six of central's miss
        // 01:00-02:00: with min_meters 5 those windows are suppressed, and the lines must break there (central's
        // 00:00 window is left alone, drawn as a dot).
        let meters = { (range: ClosedRange<Int>) in Set(range.map { String(format: "M%04d", $0) }) }
        let north = meters(1...6), south = meters(11...16), central = meters(41...46)
        let lines = try String(contentsOf: Workspace.shipped("examples/data/readings.csv"), encoding: .utf8)
            .split(separator: "\n").filter { line in
                let fields = line.split(separator: ",")
                let meter = String(fields[0]), hour = fields[2].dropFirst(11).prefix(2)
                return !(north.contains(meter) && hour == "03") && !(south.contains(meter) && (hour == "05" || hour == "06"))
                    && !(central.contains(meter) && hour == "01")
            }
        let input = try workspace.file("gappy.csv", lines.joined(separator: "\n") + "\n")
        let policy = try workspace.policy("regional-statistics.yaml",
                                          edits: [(Workspace.shipped("examples/data/readings.csv").path, input.path)])
        let run = try CLIProcess.run(["--policy", policy.path, "--quiet"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)

        let svgURL = workspace.folder.appendingPathComponent("regional.svg")
        let decrypt = try CLIProcess.run([
            "decrypt", "--key", try workspace.demoPrivateKey().path,
            "--input", "sqlite:" + workspace.folder.appendingPathComponent("regional.sqlite").path, "--plot", svgURL.path,
        ])
        XCTAssertEqual(decrypt.exitCode, 0, decrypt.stderr)
        XCTAssertEqual(decrypt.stdout, "")
        XCTAssertTrue(decrypt.stderr.contains("5 lines (central, east, north, south, west)"), decrypt.stderr)
        XCTAssertTrue(decrypt.stderr.contains("3 gaps"), decrypt.stderr)

        let svg = try SVGElements(data: Data(contentsOf: svgURL))
        XCTAssertEqual(svg.elements.first?.name, "svg")
        let labels = svg.withClass("axis-label").map(\.text)
        XCTAssertEqual(labels.count, 2)
        XCTAssertTrue(labels.contains { $0.hasPrefix("time (UTC)") }, "\(labels)")
        XCTAssertTrue(labels.contains("energy per window (kWh)"), "\(labels)")
        XCTAssertEqual(svg.elements.filter { $0.name == "g" && $0.attributes["class"] == "series" }.compactMap(\.series),
                       ["central", "east", "north", "south", "west"])

        let runs = Dictionary(grouping: svg.withClass("run"), by: { $0.series ?? "" })
        XCTAssertEqual(runs.mapValues(\.count), ["central": 2, "east": 1, "north": 2, "south": 2, "west": 1])
        XCTAssertEqual(runs["central"]?.first?.name, "circle")

        // Pixel -> kWh through the first and last y-axis tick as drawn.
        let ticks = svg.withClass("y-tick").compactMap { tick in
            Double(tick.text).flatMap { value in Double(tick.attributes["y"] ?? "").map { (value, $0) } }
        }
        let (v0, y0) = try XCTUnwrap(ticks.first), (v1, y1) = try XCTUnwrap(ticks.last)
        XCTAssertGreaterThan(ticks.count, 2)
        let kWhPerPixel = (v1 - v0) / (y1 - y0)
        let tolerance = abs(kWhPerPixel) * 0.11 * 1000   // coordinates are rounded to 0.1 px

        let expected = ExpectedAggregates.windows(try ExpectedAggregates.readings(csv: input), windowSeconds: 3600) { $0.region }
            .filter { $0.value.meters >= 5 }
        XCTAssertEqual(expected.count, 5 * 24 - 1 - 2 - 1)
        for region in ["central", "east", "north", "south", "west"] {
            let drawn = runs[region, default: []].flatMap { run in
                run.name == "circle" ? [Double(run.attributes["cy"] ?? "")].compactMap { $0 }
                    : (run.attributes["points"] ?? "").split(separator: " ").compactMap { Double($0.split(separator: ",")[1]) }
            }
            let sums = expected.filter { $0.key.scopeKey == region }.sorted { $0.key.windowStart < $1.key.windowStart }
                .map { Double($0.value.milliWh) / 1000 }
            XCTAssertEqual(drawn.count, sums.count, region)
            for (y, wattHours) in zip(drawn, sums) {
                XCTAssertEqual((v0 + (y - y0) * kWhPerPixel) * 1000, wattHours, accuracy: tolerance, region)
            }
        }
    }

    func testPlotKeysChooseTheLinesAndAnUnknownKeyIsAnError() throws {
        let policy = try workspace.policy("regional-statistics.yaml")
        XCTAssertEqual(try CLIProcess.run(["--policy", policy.path, "--quiet"]).exitCode, 0)
        let input = "sqlite:" + workspace.folder.appendingPathComponent("regional.sqlite").path
        let key = try workspace.demoPrivateKey().path
        let svgURL = workspace.folder.appendingPathComponent("two.svg")
        let two = try CLIProcess.run(["decrypt", "--key", key, "--input", input, "--plot", svgURL.path, "--plot-keys", "west,north"])
        XCTAssertEqual(two.exitCode, 0, two.stderr)
        let svg = try SVGElements(data: Data(contentsOf: svgURL))
        XCTAssertEqual(svg.withClass("series").compactMap(\.series), ["north", "west"])
        XCTAssertEqual(svg.withClass("run").count, 2)

        let unknown = try CLIProcess.run(["decrypt", "--key", key, "--input", input, "--plot", svgURL.path, "--plot-keys", "nowhere"])
        XCTAssertEqual(unknown.exitCode, 1)
        XCTAssertTrue(unknown.stderr.contains("no aggregates for key 'nowhere'"), unknown.stderr)
    }
}
