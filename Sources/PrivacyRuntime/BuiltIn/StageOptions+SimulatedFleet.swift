import Policy

extension StageOptions {
    /// The `simulate` source's options: `meters` (50), `regions` (5), `interval` (5m), `days` (1), `seed` (1),
    /// `start` (RFC 3339 UTC midnight, 2024-01-01T00:00:00Z).
    mutating func simulatedFleet() -> SimulatedFleet? {
        let meters = int("meters", default: 50, range: 1...10_000_000)
        let regions = int("regions", default: 5, range: 1...100_000)
        let interval = duration("interval", default: PolicyDuration(seconds: 300))?.seconds ?? 300
        let days = int("days", default: 1, range: 1...3650)
        let seed = int("seed", default: 1, range: 0...Int.max)
        let startText = string("start") ?? "2024-01-01T00:00:00Z"
        guard let start = RFC3339.parse(startText) else {
            error("'start' must be an RFC 3339 timestamp such as 2024-01-01T00:00:00Z", at: "start")
            return nil
        }
        guard interval > 0 else {
            error("'interval' must be positive", at: "interval")
            return nil
        }
        return SimulatedFleet(meters: meters, regions: regions, intervalSeconds: interval, days: days,
                              seed: UInt64(seed), start: start)
    }
}
