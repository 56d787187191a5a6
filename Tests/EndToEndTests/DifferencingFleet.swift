import Foundation

/// A day of a real-shaped fleet for the differencing attack: several regions of 8 to 12 meters, one reading per
/// meter every 5 minutes, with many random outages (a meter missing whole hours, part of an hour, or a whole region
/// dropping below 5 meters for an hour) and hours in which every reporting meter of a region reads 0 Wh.
/// Deterministic for a seed, so a failure can be replayed.
struct DifferencingFleet {
    /// The readings, in time order, as the test knows them (the runtime only sees the CSV).
    let readings: [ExampleReading]
    /// `meter_id,region,timestamp,energy_wh` lines with a header.
    let csv: String

    /// Midnight UTC of the generated day (2026-03-02, no DST change anywhere near).
    static let day: Int64 = 1_772_409_600

    /// Generates the fleet for `seed`.
    init(seed: UInt64, regions: [String] = ["north", "south", "east", "west", "harbour"]) {
        var random = SplitMix64(seed: seed)
        var readings: [ExampleReading] = []
        var meters: [(id: String, region: String)] = []
        for region in regions {
            for index in 0..<(8 + Int(random.next() % 5)) { meters.append(("\(region)-\(index)", region)) }
        }
        for hour in 0..<24 {
            // Per region: an outage leaving 1 to 4 meters (about one hour in six), or an all-zero hour (one in ten).
            var survivors: [String: Set<String>] = [:]
            var zeroHour: Set<String> = []
            for region in regions {
                let members = meters.filter { $0.region == region }.map(\.id)
                if random.next() % 6 == 0 {
                    survivors[region] = Set(members.shuffled(using: &random).prefix(1 + Int(random.next() % 4)))
                }
                if random.next() % 10 == 0 { zeroHour.insert(region) }
            }
            var hourReadings: [[ExampleReading]] = Array(repeating: [], count: 12)
            for meter in meters {
                if let alive = survivors[meter.region], !alive.contains(meter.id) { continue }
                let roll = random.next() % 100
                if roll < 12 { continue }                                        // the whole hour missing
                let gap = roll < 20 ? (Int(random.next() % 12), 1 + Int(random.next() % 6)) : (12, 0)   // part of it
                for slot in 0..<12 where !(gap.0..<(gap.0 + gap.1)).contains(slot) {
                    let value: Int64 = zeroHour.contains(meter.region) || random.next() % 25 == 0
                        ? 0 : Int64(random.next() % 400_000)
                    hourReadings[slot].append(ExampleReading(
                        line: 0, meterID: meter.id, region: meter.region,
                        epochSeconds: Self.day + Int64(hour * 3600 + slot * 300), milliWh: value))
                }
            }
            readings += hourReadings.joined()
        }
        var lines = ["meter_id,region,timestamp,energy_wh"]
        let formatter = ISO8601DateFormatter()
        for index in readings.indices {
            readings[index].line = lines.count + 1
            let r = readings[index]
            let wh = "\(r.milliWh / 1000).\(String(format: "%03d", r.milliWh % 1000))"
            lines.append("\(r.meterID),\(r.region),\(formatter.string(from: Date(timeIntervalSince1970: Double(r.epochSeconds)))),\(wh)")
        }
        self.readings = readings
        self.csv = lines.joined(separator: "\n") + "\n"
    }
}

/// A small, seedable generator (SplitMix64), so the fleet is the same on every run for a seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
