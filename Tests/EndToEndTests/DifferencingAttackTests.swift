import Foundation
import XCTest

/// The key holder's differencing attack across policies (issue 14, item 2): regional hours (min_meters 5) and
/// household 2h totals run together on a fleet with many outages. The test decrypts every released aggregate with
/// the demo private key and asks exact linear algebra whether the releases together determine a suppressed region
/// hour, a meter's value over part of its billing window, or a single reading. Everything it expects is computed
/// from its own input.
final class DifferencingAttackTests: XCTestCase {
    private var workspace: Workspace!

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    /// One (meter, region hour) pair with readings: the finest sum any release can contain.
    private struct Atom: Hashable {
        var meter: String
        var hour: Int64
    }

    func testReleasesOfBothPoliciesTogetherDetermineNoSuppressedHourNoPartOfABillingWindowAndNoReading() throws {
        // Bills in UTC, and in Europe/Berlin (UTC+1 on the day: 2h bills start at odd UTC hours, region hours nest).
        for (seed, billingOffset): (UInt64, Int64) in [(14, 0), (2026, 0), (7, 3600)] {
            let fleet = DifferencingFleet(seed: seed)
            let released = try run(fleet, billingInBerlin: billingOffset != 0)
            let disclosed = try disclosures(fleet, released, billingStart: { hour in
                (hour + billingOffset) - (hour + billingOffset) % 7200 - billingOffset
            })
            var byKind: [String: [String]] = [:]
            for line in disclosed {
                let kind = ["suppressed region hour", "value over", "single reading", "(all 0)"].first { line.contains($0) } ?? "other"
                byKind[kind, default: []].append(line)
            }
            let report = byKind.keys.sorted().map { "\(byKind[$0]!.count) × '\($0)', e.g. \(byKind[$0]!.prefix(2).joined(separator: "; "))" }
            XCTAssertTrue(disclosed.isEmpty, "seed \(seed), bills at UTC offset \(billingOffset): the key holder learns \(disclosed.count) values it must not: \(report.joined(separator: " | "))")
        }
    }

    /// Runs both shipped policies (SQLite sinks) over the fleet and decrypts what they released.
    private func run(_ fleet: DifferencingFleet, billingInBerlin: Bool) throws -> [DecryptedOutput.Row] {
        let input = try workspace.file("fleet.csv", fleet.csv)
        let perWindow = ("  obfuscation: djn", "  obfuscation: djn\n  mode: per_window")
        let source = (Workspace.shipped("examples/data/readings.csv").path, input.path)
        let zone = billingInBerlin ? [("window: 2h ", "timezone: Europe/Berlin\nwindow: 2h ")] : []
        let billing = try workspace.policy("billing.yaml", edits: [perWindow, source] + zone)
        let regional = try workspace.policy("regional-statistics.yaml", edits: [perWindow, source])
        // A fresh start for each fleet: its outputs and the release points of the fleet before (a window is released once).
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path)
            .filter { $0.hasSuffix(".sqlite") || $0.hasSuffix(".release.json") }
        for file in leftovers {
            try FileManager.default.removeItem(at: workspace.folder.appendingPathComponent(file))
        }
        let run = try CLIProcess.run(["--policy", billing.path, "--policy", regional.path, "--quiet"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        var rows: [DecryptedOutput.Row] = []
        for file in ["billing.sqlite", "regional.sqlite"] {
            let decrypted = try CLIProcess.run([
                "decrypt", "--key", try workspace.demoPrivateKey().path, "--format", "csv",
                "--input", "sqlite:" + workspace.folder.appendingPathComponent(file).path,
            ])
            XCTAssertEqual(decrypted.exitCode, 0, decrypted.stderr)
            rows += try DecryptedOutput.rows(decrypted.stdout)
        }
        return rows
    }

    /// What the releases determine that they must not, one line each.
    /// `billingStart` maps a region hour to the start of the billing window holding it.
    private func disclosures(_ fleet: DifferencingFleet, _ released: [DecryptedOutput.Row],
                             billingStart: (Int64) -> Int64) throws -> [String] {
        // The test's own view of the input: readings per atom, meters and totals per region hour.
        var atomReadings: [Atom: [ExampleReading]] = [:]
        var regionOf: [String: String] = [:]
        var cellMeters: [WindowKey: Set<String>] = [:]
        for reading in fleet.readings {
            let hour = reading.epochSeconds - reading.epochSeconds % 3600
            atomReadings[Atom(meter: reading.meterID, hour: hour), default: []].append(reading)
            regionOf[reading.meterID] = reading.region
            cellMeters[WindowKey(scopeKey: reading.region, windowStart: hour), default: []].insert(reading.meterID)
        }
        func atoms(ofCell cell: WindowKey) -> [Atom] {
            cellMeters[cell, default: []].sorted().map { Atom(meter: $0, hour: cell.windowStart) }
        }
        func atoms(ofMeter meter: String, window start: Int64) -> [Atom] {
            [start, start + 3600].map { Atom(meter: meter, hour: $0) }.filter { atomReadings[$0] != nil }
        }
        func sum(_ atoms: [Atom]) -> WindowTotal {
            let readings = atoms.flatMap { atomReadings[$0]! }
            return WindowTotal(readings: readings.count, meters: Set(atoms.map(\.meter)).count,
                               milliWh: readings.reduce(0) { $0 + $1.milliWh })
        }

        // The rows: each released aggregate (checked against the input first), and where a released region hour
        // totals 0 with non-negative readings, every reading in it (each is 0).
        var systems: [String: (rows: [[Atom]], targets: [(String, [Atom])])] = [:]
        var zeroAtoms: Set<Atom> = []
        var releasedCells: Set<WindowKey> = []
        for row in released {
            let parts: [Atom]
            let region: String
            switch row.policy {
            case "regional-statistics":
                parts = atoms(ofCell: row.key)
                region = row.key.scopeKey
                releasedCells.insert(row.key)
                XCTAssertGreaterThanOrEqual(row.total.meters, 5, "\(row.key)")
            case "household-billing":
                parts = atoms(ofMeter: row.key.scopeKey, window: row.key.windowStart)
                region = regionOf[row.key.scopeKey]!
            default:
                XCTFail("unexpected policy \(row.policy)")
                continue
            }
            XCTAssertEqual(row.total, sum(parts), "\(row.policy) \(row.key)")
            systems[region, default: ([], [])].rows.append(parts)
            if row.policy == "regional-statistics", row.total.milliWh == 0 {
                for atom in parts {
                    systems[region]!.rows.append([atom])
                    zeroAtoms.insert(atom)
                }
            }
        }

        // The targets: every region hour below 5 meters or totalling 0 (which, unreleased, must stay unknown: a total of
        // 0 reveals every reading), unless all its meters' billing windows lie inside it (their bills add up to it);
        // every proper part of a billing window; every single reading of a billing window with more than one reading.
        var disclosed: [String] = []
        var primary = 0
        for cell in cellMeters.keys.sorted(by: { ($0.windowStart, $0.scopeKey) < ($1.windowStart, $1.scopeKey) }) {
            let parts = atoms(ofCell: cell)
            let small = parts.count < 5, zero = sum(parts).milliWh == 0
            if small { XCTAssertFalse(releasedCells.contains(cell), "\(cell) released with fewer than 5 meters") }
            guard small || (zero && !releasedCells.contains(cell)) else { continue }
            primary += 1
            let billedWhole = parts.allSatisfy { atoms(ofMeter: $0.meter, window: billingStart($0.hour)) == [$0] }
            if !billedWhole { systems[cell.scopeKey, default: ([], [])].targets.append(("suppressed region hour \(cell)", parts)) }
        }
        var billingWindows = Set<WindowKey>()
        for atom in atomReadings.keys { billingWindows.insert(WindowKey(scopeKey: atom.meter, windowStart: billingStart(atom.hour))) }
        for window in billingWindows {
            let parts = atoms(ofMeter: window.scopeKey, window: window.windowStart)
            let readings = parts.flatMap { atomReadings[$0]! }
            let region = regionOf[window.scopeKey]!
            if parts.count > 1 {
                for part in parts { systems[region]!.targets.append(("\(window.scopeKey)'s value over \(part.hour) only", [part])) }
            }
            guard readings.count > 1 else { continue }
            for part in parts {
                if zeroAtoms.contains(part) {
                    disclosed.append("\(window.scopeKey)'s \(atomReadings[part]!.count) readings in hour \(part.hour) (all 0)")
                } else if atomReadings[part]!.count == 1 {
                    systems[region]!.targets.append(("\(window.scopeKey)'s single reading in \(part.hour)", [part]))
                }
            }
        }
        XCTAssertGreaterThan(primary, 10, "the fleet must have many outages below 5 meters")
        XCTAssertGreaterThan(3 * releasedCells.count, cellMeters.count, "a third of the region hours at least must still be released")

        let oracleInput = systems.keys.sorted().map { region in
            let system = systems[region]!
            var index: [Atom: Int] = [:]
            for atom in system.rows.joined() + system.targets.flatMap(\.1) where index[atom] == nil { index[atom] = index.count }
            return RowSpaceOracle.System(
                variables: index.count, rows: system.rows.map { $0.map { index[$0]! } },
                targets: system.targets.map { RowSpaceOracle.Target(name: $0.0, variables: $0.1.map { index[$0]! }) })
        }
        return disclosed + (try RowSpaceOracle.determined(oracleInput))
    }
}
