/// The built-in `simulate` source: a fleet of households with a realistic daily load shape, deterministic
/// from its seed. Readings come in time order (every meter at t, then every meter at t + interval), values in
/// Wh with three decimals. Each meter has its own scale (a small flat to a large family home), each reading
/// multiplicative noise, and now and then an appliance spike (kettle, oven, washing machine).
public actor SimulateSource: ReadingSource {
    private let fleet: SimulatedFleet
    private let steps: Int64
    private let scales: [Double]
    private var random: SplitMix64
    private var step: Int64 = 0
    private var meter = 0
    private var produced = 0

    /// Prepares the fleet; per-meter scales are drawn from the seed first, so they do not depend on the run length.
    public init(fleet: SimulatedFleet) {
        self.fleet = fleet
        self.steps = (Int64(fleet.days) * 86_400 + fleet.intervalSeconds - 1) / fleet.intervalSeconds
        var random = SplitMix64(seed: fleet.seed)
        self.scales = (0..<fleet.meters).map { _ in 0.4 + 1.8 * random.unit() * random.unit() + 0.2 * random.unit() }
        self.random = random
    }

    /// The next readings in time order; nil after the last day.
    public func nextBatch(maxCount: Int) async throws -> [SourceItem]? {
        guard step < steps, fleet.meters > 0 else { return nil }
        var items: [SourceItem] = []
        items.reserveCapacity(maxCount)
        while items.count < maxCount, step < steps {
            let timestamp = fleet.start + step * fleet.intervalSeconds
            items.append(.record(reading(meter: meter, at: timestamp)))
            meter += 1
            if meter == fleet.meters {
                meter = 0
                step += 1
            }
        }
        return items
    }

    /// Nothing to release.
    public func close() async {}

    private func reading(meter: Int, at timestamp: Int64) -> SourceRecord {
        let secondOfDay = ((timestamp % 86_400) + 86_400) % 86_400
        let meanKW = HouseholdLoadShape.power(atSecondOfDay: secondOfDay) * scales[meter]
        var kW = meanKW * (0.8 + 0.4 * random.unit())
        if random.unit() < 0.03 { kW += 1.0 + 1.5 * random.unit() }
        let milliWh = Int64((kW * Double(fleet.intervalSeconds) * 1000 / 3.6).rounded())
        let value = ExactDecimal(significand: milliWh, scale: 3)
        produced += 1
        let id = fleet.meterID(meter)
        let region = fleet.region(ofMeter: meter)
        let time = RFC3339.format(timestamp)
        return SourceRecord(
            meterID: id, region: region, timestamp: timestamp, value: value,
            position: SourcePosition(source: "simulate", line: produced),
            rawText: "\(id),\(region),\(time),\(value)")
    }
}
