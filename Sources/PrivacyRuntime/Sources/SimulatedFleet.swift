/// The parameters of a simulated fleet of meters (the `simulate` source's options).
public struct SimulatedFleet: Sendable, Hashable {
    /// Number of meters.
    public var meters: Int
    /// Number of regions; meter i is in region i mod regions.
    public var regions: Int
    /// Seconds between two readings of one meter.
    public var intervalSeconds: Int64
    /// Days simulated.
    public var days: Int
    /// Seed: the same seed gives the same readings.
    public var seed: UInt64
    /// The first reading's time, epoch seconds (UTC midnight).
    public var start: Int64

    /// Creates a fleet description.
    public init(meters: Int, regions: Int, intervalSeconds: Int64, days: Int, seed: UInt64, start: Int64) {
        self.meters = meters
        self.regions = regions
        self.intervalSeconds = intervalSeconds
        self.days = days
        self.seed = seed
        self.start = start
    }

    /// How many readings the fleet produces in total.
    public var readingCount: Int {
        meters * Int((Int64(days) * 86_400 + intervalSeconds - 1) / intervalSeconds)
    }

    /// The meter id of meter `index`, e.g. `meter-00042`.
    public func meterID(_ index: Int) -> String {
        let digits = String(index)
        return "meter-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// The region of meter `index`, e.g. `region-03`.
    public func region(ofMeter index: Int) -> String {
        let digits = String(index % regions)
        return "region-" + String(repeating: "0", count: max(0, 2 - digits.count)) + digits
    }
}
