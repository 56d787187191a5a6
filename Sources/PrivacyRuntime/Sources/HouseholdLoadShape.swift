/// A typical household's average power over the day, after residential standard load profiles
/// (e.g. BDEW H0, Elexon profile class 1): a low night base load, a morning peak around 07:00–08:00,
/// a flat daytime and the largest peak in the evening around 18:00–20:00. Values in kW, one per hour,
/// interpolated linearly in between.
enum HouseholdLoadShape {
    /// Mean power in kW at 00:00, 01:00, … 23:00 local time for an average household (~9 kWh/day).
    static let hourlyKW: [Double] = [
        0.22, 0.18, 0.16, 0.15, 0.15, 0.17, 0.28, 0.48, 0.52, 0.42, 0.36, 0.35,
        0.38, 0.36, 0.33, 0.33, 0.38, 0.52, 0.72, 0.78, 0.70, 0.58, 0.44, 0.30,
    ]

    /// The mean power in kW at `secondOfDay`.
    static func power(atSecondOfDay secondOfDay: Int64) -> Double {
        let hours = Double(secondOfDay) / 3600
        let lower = Int(hours) % 24
        let fraction = hours - Double(Int(hours))
        return hourlyKW[lower] * (1 - fraction) + hourlyKW[(lower + 1) % 24] * fraction
    }
}
