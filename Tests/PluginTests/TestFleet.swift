import Foundation

/// A small meter fleet with readings whose values the tests know exactly.
struct TestFleet {
    /// One reading: value in milli-Wh (policy resolution 0.001).
    struct Reading: Hashable {
        var meterID: String
        var region: String
        var timestamp: Int64
        var milliWh: Int64

        /// The value as decimal text, e.g. `12.345`.
        var energyText: String {
            let whole = milliWh / 1000, fraction = milliWh % 1000
            return "\(whole)." + String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
        }
    }

    let regions: [String]
    let readings: [Reading]

    /// `metersPerRegion` meters in each region, one reading every 5 minutes for `hours` hours from
    /// `start`, values from a seeded generator.
    init(regions: [String], metersPerRegion: Int, hours: Int, start: Int64 = 1_767_225_600, seed: UInt64) {
        var state = seed
        func nextValue() -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64((state >> 33) % 500_000)  // up to 500 Wh per 5 minutes
        }
        var readings: [Reading] = []
        for step in 0..<(hours * 12) {
            for region in regions {
                for meter in 0..<metersPerRegion {
                    readings.append(Reading(
                        meterID: "\(region)-m\(meter)", region: region,
                        timestamp: start + Int64(step) * 300, milliWh: nextValue()))
                }
            }
        }
        self.regions = regions
        self.readings = readings
    }

    /// The readings (those `include` accepts) as a canonical CSV file in a fresh temporary directory.
    func writeCSV(where include: (Reading) -> Bool = { _ in true }) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plugin-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("readings.csv")
        var text = "meter_id,region,timestamp,energy_wh\n"
        for reading in readings where include(reading) {
            text += "\(reading.meterID),\(reading.region),\(rfc3339(reading.timestamp)),\(reading.energyText)\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Sum of values per (region, hour window start).
    func regionHourTotals() -> [String: Int64] {
        var totals: [String: Int64] = [:]
        for reading in readings {
            totals["\(reading.region)@\(reading.timestamp - reading.timestamp % 3600)", default: 0] += reading.milliWh
        }
        return totals
    }

    private func rfc3339(_ epoch: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(epoch)))
    }
}
