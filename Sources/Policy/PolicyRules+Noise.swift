extension PolicyRules {
    /// `noise:` against the scope and the readings rules: noise is for region windows, and its bound must hold by
    /// construction: timestamps on the `readings.interval` grid (one reading per meter per slot, the rest rejected),
    /// readings within [readings.min ≥ 0, readings.max] (the rest rejected, never clipped), so that one meter adds at
    /// most readings.max × slots per window, which must not exceed `contribution_bound`.
    mutating func checkNoise(_ noise: NoiseRules?, scope: Scope?, window: PolicyDuration?, readings: ReadingRules?) {
        guard let noise else { return }
        let at = noiseLocation("contribution_bound") ?? noise.location
        if scope == .household {
            report("noise applies to region scope only: a household window holds one meter, so its noisy total would only be a wrong bill", at: noise.location)
            return
        }
        let rules = readings ?? .standard
        guard rules.interval != nil else {
            report("noise needs readings.interval (the meters' reporting grid, e.g. 15m): without it a meter can send any number of readings into a window (at :00:01, :00:02, …) and contribution_bound cannot hold", at: noise.location)
            return
        }
        if rules.encoding != .plain {
            report("noise needs plain readings (readings.encoding: plain), found \(rules.encoding.rawValue): the runtime cannot check the range of a value encrypted at the meter (a range proof would), so no reading's contribution, and no contribution_bound, can be enforced", at: readingsKeyLocation("encoding"))
            return
        }
        if rules.min < 0 {
            report("noise needs readings.min of at least 0, found \(wh(rules.min, rules)) Wh: with negative readings a meter can also lower a window's sum, so its contribution is not bounded by readings.max alone", at: readingsMinLocation)
            return
        }
        guard let window, window.seconds > 0, let slots = NoiseRules.readingsPerMeter(window: window, readings: rules) else { return }
        guard let sensitivity = NoiseRules.enforcedSensitivity(window: window, readings: rules) else {
            report("readings.max × \(slots) readings per window overflows; lower readings.max", at: at)
            return
        }
        if sensitivity > noise.contributionBound {
            report("noise.contribution_bound \(wh(noise.contributionBound, rules)) Wh cannot be enforced: one meter can add readings.max \(wh(rules.max, rules)) Wh × \(slots) readings (window \(window) / readings.interval \(PolicyDuration(seconds: rules.interval!))) = \(wh(sensitivity, rules)) Wh to a window; raise contribution_bound to at least \(wh(sensitivity, rules)) or lower readings.max to \(wh(noise.contributionBound / slots, rules))", at: at)
        }
    }

    private func noiseLocation(_ key: String) -> SourceLocation? {
        entries.first { $0.key == "noise" }?.value.mapping?.first { $0.key == key }?.value.location
    }

    private var readingsMinLocation: SourceLocation { readingsKeyLocation("min") }

    private func readingsKeyLocation(_ key: String) -> SourceLocation {
        let readings = entries.first { $0.key == "readings" }
        return readings?.value.mapping?.first { $0.key == key }?.value.location ?? readings?.keyLocation ?? root
    }

    private func wh(_ units: Int64, _ rules: ReadingRules) -> String {
        ExactDecimal(significand: units, scale: rules.decimalPlaces).description
    }
}
