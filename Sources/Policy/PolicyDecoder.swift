import Foundation

/// Decodes a policy's node tree into a `Policy`, collecting every problem rather than stopping at the first.
struct PolicyDecoder {
    let fileURL: URL
    let baseDirectory: URL
    let catalog: (any StageCatalog)?
    /// Everything found so far (section decoders in other files append to it).
    var diagnostics: [Diagnostic] = []

    init(fileURL: URL, baseDirectory: URL, catalog: (any StageCatalog)?) {
        self.fileURL = fileURL
        self.baseDirectory = baseDirectory
        self.catalog = catalog
    }

    /// The policy, or nil when any error was found (see `diagnostics`).
    mutating func decode(_ root: YAMLNode) -> Policy? {
        guard let entries = root.mapping else {
            diagnostics.append(.error("a policy must be a mapping of keys such as 'policy:', 'scope:' and 'window:', found \(root.kindDescription)", at: root.location))
            return nil
        }
        var top = MappingReader(entries: entries, location: root.location, context: "policy")
        let name = top.value("policy", required: true) { node throws(Diagnostic) in try Self.policyName(node) }
        let description = top.value("description") { node throws(Diagnostic) in try node.decodeString(for: "description") } ?? ""
        let scope = top.value("scope", required: true) { node throws(Diagnostic) in try node.decodeChoice(Scope.self, for: "scope") }
        let periodNode = top.node("billing_period"), tariffNode = top.node("tariff")
        var window = top.value("window", required: periodNode == nil) { node throws(Diagnostic) in try node.decodeDuration(for: "window") }
        if periodNode != nil, let windowEntry = top.entry("window") {
            top.report("a billing policy's windows are its billing periods: remove 'window:'", at: windowEntry.keyLocation)
        } else if periodNode != nil {
            window = PolicyDuration(seconds: 86_400)
        }
        let lateness = top.value("lateness") { node throws(Diagnostic) in try node.decodeDuration(for: "lateness") }
        let watermark = top.node("watermark").flatMap { decodeWatermark($0) }
        let timeZone = top.value("timezone") { node throws(Diagnostic) in try Self.timeZone(node) }
        let readings = top.node("readings").flatMap { decodeReadings($0) }
        let billing = decodeBilling(period: periodNode, tariff: tariffNode, scope: scope, readings: readings, timeZone: timeZone, root: root.location)
        let source = top.node("source", required: true).flatMap { stageSection($0, kind: .source, name: "source") }
        let encrypt = top.node("encrypt", required: true).flatMap { stageSection($0, kind: .encrypt, name: "encrypt") }
        let aggregateSection = top.node("aggregate", required: true).flatMap { stageSection($0, kind: .aggregate, name: "aggregate") }
        let purge = top.node("purge").flatMap { stageSection($0, kind: .purge, name: "purge") }
            ?? StageConfig(kind: .purge, type: "zeroize", location: root.location, baseDirectory: baseDirectory)
        let retention = top.node("retention").flatMap { decodeRetention($0) } ?? Retention()
        let sinks = top.node("sinks", required: true).flatMap { decodeSinks($0) }
        let rejects = top.value("rejects") { node throws(Diagnostic) in try node.decodeNonEmptyString(for: "rejects") }
        let runtimeKey = top.value("runtime_key") { node throws(Diagnostic) in try node.decodeNonEmptyString(for: "runtime_key") }
        let registry = top.node("registry").flatMap { decodeRegistry($0) }
        let onShutdown = top.node("on_shutdown").flatMap { decodeShutdown($0) } ?? .discard
        let release = top.node("release").flatMap { decodeRelease($0) } ?? .standard
        let noise = top.node("noise").flatMap { decodeNoise($0, decimalPlaces: (readings ?? .standard).decimalPlaces) }
        top.acceptExtensionKeys()
        diagnostics += top.diagnostics + top.unreadKeys()

        let minMeters = aggregateSection.flatMap { decodeMinMeters($0) } ?? (scope == .region ? Policy.standardRegionMinMeters : 1)
        let smallGroups = aggregateSection.flatMap { decodeSmallGroupsReason($0) }
        let aggregate = aggregateSection?.removingOptions(["min_meters", "allow_small_groups"])
        var rules = PolicyRules(entries: entries, root: root.location)
        rules.check(scope: scope, window: window, lateness: lateness, retention: retention, readings: readings)
        rules.checkMinMeters(minMeters, scope: scope, smallGroupsReason: smallGroups,
                             at: aggregateSection?.options.first { $0.key == "min_meters" }?.value.location,
                             reasonAt: aggregateSection?.options.first { $0.key == "allow_small_groups" }?.value.location)
        rules.checkNoise(noise, scope: scope, window: window, readings: readings)
        diagnostics += rules.diagnostics

        for stage in ([source, encrypt, aggregate, purge] + (sinks ?? [])).compactMap({ $0 }) {
            checkWithCatalog(stage)
        }
        if let source, !diagnostics.containsError { checkFencing(source: source, sinks: (sinks ?? []).compactMap { $0 }) }
        if noise != nil, !diagnostics.containsError { checkNoisySinks((sinks ?? []).compactMap { $0 }) }
        guard !diagnostics.containsError, let name, let scope, let window, let source, let encrypt, let aggregate,
              let sinks = sinks?.compactMap({ $0 }) else { return nil }
        return Policy(
            name: name, description: description, fileURL: fileURL, scope: scope, window: window,
            lateness: lateness ?? PolicyDuration(seconds: 0), watermark: watermark ?? .standard, timeZone: timeZone, readings: readings ?? .standard,
            source: source, encrypt: encrypt, aggregate: aggregate, purge: purge, minMeters: minMeters, smallGroupsReason: smallGroups,
            retention: retention, sinks: sinks, onShutdown: onShutdown, release: release,
            rejectsPath: rejects.map { PolicyPath.resolve($0, against: baseDirectory) },
            runtimeKeyPath: runtimeKey.map { PolicyPath.resolve($0, against: baseDirectory) },
            registry: registry, billing: billing, noise: noise,
            warnings: diagnostics.sortedByLocation())
    }

    private static func policyName(_ node: YAMLNode) throws(Diagnostic) -> String {
        let name = try node.decodeString(for: "policy")
        let allowed = name.count <= 64 && name.first.map { $0.isASCII && ($0.isLetter || $0.isNumber) } == true
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        guard allowed else {
            throw .error("invalid policy name '\(node.scalar?.displayText ?? name)' (use up to 64 letters, digits, '.', '_' and '-', starting with a letter or digit)", at: node.location)
        }
        return name
    }

    private static func timeZone(_ node: YAMLNode) throws(Diagnostic) -> TimeZone {
        let identifier = try node.decodeString(for: "timezone")
        let known = TimeZone.knownTimeZoneIdentifiers
        guard identifier == "UTC" || known.contains(identifier), let zone = TimeZone(identifier: identifier) else {
            let hint = KeySuggestion.closest(to: identifier, in: known).map { "; did you mean '\($0)'?" } ?? ""
            throw .error("unknown time zone '\(node.scalar?.displayText ?? identifier)' (expected an IANA zone such as Europe/Berlin or UTC\(hint))", at: node.location)
        }
        return zone
    }

    private mutating func decodeReadings(_ node: YAMLNode) -> ReadingRules? {
        do {
            var reader = MappingReader(entries: try node.decodeMapping(for: "readings"), location: node.location, context: "readings")
            defer { diagnostics += reader.diagnostics + reader.unreadKeys() }
            let places = reader.value("resolution") { node throws(Diagnostic) in try ExactDecimal.resolution(node) }
            let scale = places ?? ReadingRules.standard.decimalPlaces
            let min = reader.value("min") { node throws(Diagnostic) in try ExactDecimal.units(node, key: "min", decimalPlaces: scale) }
            let max = reader.value("max") { node throws(Diagnostic) in try ExactDecimal.units(node, key: "max", decimalPlaces: scale) }
            let skew = reader.value("max_clock_skew") { node throws(Diagnostic) in try node.decodeDuration(for: "max_clock_skew") }
            let interval = reader.value("interval") { node throws(Diagnostic) in try Self.interval(node) }
            let coverage = reader.value("min_coverage") { node throws(Diagnostic) in try Self.fraction(node, for: "readings.min_coverage", noun: "coverage", example: "0.9") }
            let stamp = reader.value("timestamp") { node throws(Diagnostic) in try node.decodeChoice(ReadingTimestamp.self, for: "readings.timestamp") }
            let encoding = reader.value("encoding") { node throws(Diagnostic) in try node.decodeChoice(ReadingEncoding.self, for: "readings.encoding") }
            let factor = ExactDecimal.power(of: scale)
            let rules = ReadingRules(decimalPlaces: scale, min: min ?? 0, max: max ?? 1_000_000 * factor,
                                     maxClockSkew: skew?.seconds ?? ReadingRules.standardMaxClockSkew,
                                     interval: interval?.seconds, minCoveragePerMille: coverage ?? ReadingRules.standardMinCoveragePerMille,
                                     timestamp: stamp ?? .intervalStart, encoding: encoding ?? .plain)
            if rules.min >= rules.max {
                reader.report("readings.min must be below readings.max", at: node.location)
            }
            if coverage != nil, reader.entry("interval")?.value.isNull != false, let at = reader.entry("min_coverage")?.value.location {
                reader.report("readings.min_coverage needs readings.interval (the meters' reporting interval, e.g. 5m or 15m): coverage counts intervals", at: at)
            }
            return rules
        } catch {
            diagnostics.append(error)
            return nil
        }
    }

    private mutating func decodeWatermark(_ node: YAMLNode) -> WatermarkRule? {
        do {
            var reader = MappingReader(entries: try node.decodeMapping(for: "watermark"), location: node.location, context: "watermark")
            defer { diagnostics += reader.diagnostics + reader.unreadKeys() }
            let quantile = reader.value("quantile") { node throws(Diagnostic) in try Self.fraction(node, for: "watermark.quantile", noun: "quantile", example: "0.25") }
            let minMeters = reader.value("min_meters") { node throws(Diagnostic) in try node.decodeInt(for: "watermark.min_meters", range: 1...1_000_000) }
            let idle = reader.value("idle_after") { node throws(Diagnostic) in try node.decodePositiveDuration(for: "watermark.idle_after") }
            let ahead = reader.value("max_ahead") { node throws(Diagnostic) in try node.decodePositiveDuration(for: "watermark.max_ahead") }
            let standard = WatermarkRule.standard
            if (idle?.seconds ?? standard.idleAfter) >= (ahead?.seconds ?? standard.maxAhead) {
                let at = reader.entry("idle_after")?.value.location ?? reader.entry("max_ahead")?.value.location ?? node.location
                reader.report("watermark.idle_after \(idle ?? PolicyDuration(seconds: standard.idleAfter)) must be shorter than watermark.max_ahead \(ahead ?? PolicyDuration(seconds: standard.maxAhead)) (else meters still reporting are rejected as future before silent ones are left out)", at: at)
            }
            return WatermarkRule(quantilePerMille: quantile ?? standard.quantilePerMille, minMeters: minMeters ?? standard.minMeters,
                                 idleAfter: idle?.seconds ?? standard.idleAfter, maxAhead: ahead?.seconds ?? standard.maxAhead)
        } catch {
            diagnostics.append(error)
            return nil
        }
    }

    /// A fraction from 0 to 1 with at most three decimal places (`watermark.quantile`, `readings.min_coverage`), in
    /// thousandths.
    private static func fraction(_ node: YAMLNode, for key: String, noun: String, example: String) throws(Diagnostic) -> Int {
        let text = try node.decodeString(for: key)
        guard !text.hasPrefix("+"), let decimal = ExactDecimal(text), decimal.scale <= 3,
              let perMille = decimal.units(decimalPlaces: 3), (0...1000).contains(perMille) else {
            throw .error("invalid \(noun) '\(node.scalar?.displayText ?? text)' for '\(key)' (expected a number from 0 to 1 with at most 3 decimal places, e.g. \(example))", at: node.location)
        }
        return Int(perMille)
    }

    /// The meters' reporting interval: a duration that divides an hour, so the grid is the same in every hour of
    /// every time zone and a window holds a whole number of intervals.
    private static func interval(_ node: YAMLNode) throws(Diagnostic) -> PolicyDuration {
        let interval = try node.decodePositiveDuration(for: "readings.interval")
        guard 3600 % interval.seconds == 0 else {
            throw .error("readings.interval \(interval) does not divide an hour (e.g. 1m, 5m, 10m, 15m, 30m, 1h)", at: node.location)
        }
        return interval
    }

    private mutating func decodeRetention(_ node: YAMLNode) -> Retention? {
        do {
            var reader = MappingReader(entries: try node.decodeMapping(for: "retention"), location: node.location, context: "retention")
            defer { diagnostics += reader.diagnostics + reader.unreadKeys() }
            return Retention(
                aggregates: reader.value("aggregates") { node throws(Diagnostic) in try node.decodeDuration(for: "aggregates") },
                rejected: reader.value("rejected") { node throws(Diagnostic) in try node.decodeDuration(for: "rejected") })
        } catch {
            diagnostics.append(error)
            return nil
        }
    }

    private mutating func decodeShutdown(_ node: YAMLNode) -> ShutdownAction? {
        do {
            var reader = MappingReader(entries: try node.decodeMapping(for: "on_shutdown"), location: node.location, context: "on_shutdown")
            defer { diagnostics += reader.diagnostics + reader.unreadKeys() }
            return reader.value("open_windows") { node throws(Diagnostic) in try node.decodeChoice(ShutdownAction.self, for: "open_windows") }
        } catch {
            diagnostics.append(error)
            return nil
        }
    }

    private mutating func decodeRelease(_ node: YAMLNode) -> ReleaseRules? {
        do {
            var reader = MappingReader(entries: try node.decodeMapping(for: "release"), location: node.location, context: "release")
            defer { diagnostics += reader.diagnostics + reader.unreadKeys() }
            let incomplete = reader.value("incomplete") { node throws(Diagnostic) in
                try node.decodeChoice(IncompleteWindowAction.self, for: "incomplete")
            }
            let state = reader.value("state_dir") { node throws(Diagnostic) in try node.decodeNonEmptyString(for: "state_dir") }
            return ReleaseRules(incomplete: incomplete ?? .suppress,
                                stateDirectory: state.map { PolicyPath.resolve($0, against: baseDirectory) })
        } catch {
            diagnostics.append(error)
            return nil
        }
    }

    /// The sinks, nil for each item that is not a valid stage section (reported).
    private mutating func decodeSinks(_ node: YAMLNode) -> [StageConfig?]? {
        do {
            let items = try node.decodeSequence(for: "sinks")
            if items.isEmpty {
                diagnostics.append(.error("'sinks' needs at least one sink", at: node.location))
            }
            return items.enumerated().map { stageSection($1, kind: .sink, name: "sink \($0 + 1)") }
        } catch {
            diagnostics.append(error)
            return nil
        }
    }

    /// The common shape of a stage section: a mapping with a non-empty `type:`.
    private mutating func stageSection(_ node: YAMLNode, kind: StageKind, name: String) -> StageConfig? {
        guard let entries = node.mapping else {
            diagnostics.append(.error("expected a mapping with 'type:' for \(name), found \(node.kindDescription)", at: node.location))
            return nil
        }
        var reader = MappingReader(entries: entries, location: node.location, context: name)
        let type = reader.value("type", required: true) { node throws(Diagnostic) in try node.decodeString(for: "type") }
        diagnostics += reader.diagnostics
        guard let type, let typeNode = reader.entry("type")?.value else { return nil }
        guard !type.isEmpty else {
            diagnostics.append(.error("empty 'type' in \(name)", at: typeNode.location))
            return nil
        }
        return StageConfig(kind: kind, type: type, location: node.location, typeLocation: typeNode.location,
                           options: entries.filter { $0.key != "type" }, baseDirectory: baseDirectory)
    }

    private mutating func decodeMinMeters(_ aggregate: StageConfig) -> Int? {
        guard let node = aggregate.options.first(where: { $0.key == "min_meters" })?.value, !node.isNull else { return nil }
        do {
            return try node.decodeInt(for: "min_meters")
        } catch {
            diagnostics.append(error)
            return nil
        }
    }

    /// `allow_small_groups:`, the reason a region policy gives for `min_meters` below 5; a non-empty string.
    private mutating func decodeSmallGroupsReason(_ aggregate: StageConfig) -> String? {
        guard let node = aggregate.options.first(where: { $0.key == "allow_small_groups" })?.value else { return nil }
        do {
            return try node.decodeNonEmptyString(for: "allow_small_groups")
        } catch {
            diagnostics.append(error)
            return nil
        }
    }

    private mutating func checkWithCatalog(_ stage: StageConfig) {
        guard let catalog else { return }
        let registered = catalog.registeredTypes(stage.kind).sorted()
        guard registered.contains(stage.type) else {
            let hint = KeySuggestion.closest(to: stage.type, in: registered).map { "did you mean '\($0)'? " } ?? ""
            let list = registered.isEmpty ? "none" : registered.joined(separator: ", ")
            diagnostics.append(.error("unknown \(stage.kind.rawValue) type '\(stage.type)' (\(hint)registered: \(list))", at: stage.typeLocation))
            return
        }
        diagnostics += catalog.validate(stage)
    }

    /// A noisy policy needs sinks that keep a window's first row: a window released again (a crash between the sink's
    /// write and the saved release point, or after a checkpoint) carries a fresh noise draw, and a key holder who
    /// sees two draws of one window averages the noise down.
    private mutating func checkNoisySinks(_ sinks: [StageConfig]) {
        guard let catalog else { return }
        for sink in sinks where !catalog.outline(sink).insertsOnce {
            diagnostics.append(.error(
                "sink '\(sink.type)' appends, and the policy has noise: a window released again after a crash would be "
                    + "stored with a second, fresh noise draw, and two draws of one window average the noise down; use a sink "
                    + "that stores each window once (sqlite, postgres)", at: sink.typeLocation))
        }
    }

    /// A partitioned source needs sinks that check fencing tokens: any other sink would take writes from an instance
    /// that lost its partition.
    private mutating func checkFencing(source: StageConfig, sinks: [StageConfig]) {
        guard let catalog, let partitions = catalog.outline(source).partitions else { return }
        for sink in sinks where !catalog.outline(sink).checksFencingTokens {
            diagnostics.append(.error(
                "sink '\(sink.type)' cannot check fencing tokens, and the source is partitioned (partitions: \(partitions)): "
                    + "an instance that lost its partition could still write to it; use a sink that checks them (postgres), "
                    + "or drop partitions and use --shard K/N", at: sink.typeLocation))
        }
    }
}
