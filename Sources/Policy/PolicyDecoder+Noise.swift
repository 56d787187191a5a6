extension PolicyDecoder {
    /// The `noise:` section: `mechanism`, `epsilon`, `delta` (Gaussian only), `contribution_bound` (Wh) and the optional
    /// `max_epsilon_per_day`. The bound is checked against the readings rules in `checkNoise`.
    mutating func decodeNoise(_ node: YAMLNode, decimalPlaces: Int) -> NoiseRules? {
        do {
            var reader = MappingReader(entries: try node.decodeMapping(for: "noise"), location: node.location, context: "noise")
            defer { diagnostics += reader.diagnostics + reader.unreadKeys() }
            let mechanism = reader.value("mechanism", required: true) { node throws(Diagnostic) in
                try node.decodeChoice(NoiseRules.Mechanism.self, for: "noise.mechanism")
            }
            let epsilon = reader.value("epsilon", required: true) { node throws(Diagnostic) in
                try Self.positiveDecimal(node, for: "noise.epsilon", below: nil, example: "0.5")
            }
            let delta = reader.value("delta") { node throws(Diagnostic) in
                try Self.positiveDecimal(node, for: "noise.delta", below: 1, example: "0.000001")
            }
            let bound = reader.value("contribution_bound", required: true) { node throws(Diagnostic) in
                let units = try ExactDecimal.units(node, key: "noise.contribution_bound", decimalPlaces: decimalPlaces)
                guard units > 0 else { throw .error("'noise.contribution_bound' must be above 0 Wh", at: node.location) }
                return units
            }
            let ceiling = reader.value("max_epsilon_per_day") { node throws(Diagnostic) in
                try Self.positiveDecimal(node, for: "noise.max_epsilon_per_day", below: nil, example: "2")
            }
            if mechanism == .discreteGaussian, delta == nil, reader.entry("delta") == nil {
                reader.report("noise.mechanism discrete_gaussian needs 'delta' (e.g. 0.000001, well below 1 / the number of meters)", at: node.location)
            }
            if mechanism == .discreteLaplace, let at = reader.entry("delta")?.value.location, delta != nil {
                reader.report("noise.delta applies to discrete_gaussian only; discrete_laplace is pure epsilon-DP", at: at)
            }
            guard let mechanism, let epsilon, let bound, mechanism == .discreteLaplace || delta != nil else { return nil }
            return NoiseRules(mechanism: mechanism, epsilon: epsilon, delta: mechanism == .discreteGaussian ? delta : nil,
                              contributionBound: bound, maxEpsilonPerDay: ceiling, location: node.location)
        } catch {
            diagnostics.append(error)
            return nil
        }
    }

    /// A decimal above 0 (and below `limit` when given) with at most 9 decimal places.
    private static func positiveDecimal(_ node: YAMLNode, for key: String, below limit: Int64?,
                                        example: String) throws(Diagnostic) -> ExactDecimal {
        let text = try node.decodeString(for: key)
        let range = limit.map { "between 0 and \($0) (exclusive)" } ?? "above 0"
        guard !text.hasPrefix("+"), let value = ExactDecimal(text), value.significand > 0, value.scale <= 9,
              limit.map({ value.significand < $0 * ExactDecimal.power(of: value.scale) }) ?? true else {
            throw .error("invalid value '\(node.scalar?.displayText ?? text)' for '\(key)' (expected a decimal number \(range) with at most 9 decimal places, e.g. \(example))", at: node.location)
        }
        return value
    }
}
