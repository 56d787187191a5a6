/// Reads a policy's `tariff:` section into a `Tariff`, collecting located diagnostics for every problem.
struct TariffDecoder {
    /// Problems found.
    private(set) var diagnostics: [Diagnostic] = []

    /// The most decimal places a price or a charge may have.
    static let maxPriceDecimalPlaces = 6

    /// Decodes `node`; nil when it has errors (they are in `diagnostics`).
    mutating func decode(_ node: YAMLNode) -> Tariff? {
        do {
            var reader = MappingReader(entries: try node.decodeMapping(for: "tariff"), location: node.location, context: "tariff")
            let currency = reader.value("currency", required: true) { node throws(Diagnostic) in try Self.currency(node) }
            let release = reader.value("release") { node throws(Diagnostic) in try node.decodeChoice(TariffRelease.self, for: "tariff.release") }
            let maxPrices = reader.value("max_distinct_prices") { node throws(Diagnostic) in try node.decodeInt(for: "tariff.max_distinct_prices", range: 1...96) }
            let minShare = reader.value("min_share") { node throws(Diagnostic) in try Self.share(node) }
            let holidays = reader.value("holidays") { node throws(Diagnostic) in
                Set(try node.decodeSequence(for: "tariff.holidays").map { item throws(Diagnostic) in try Self.date(item, key: "tariff.holidays") })
            }
            let versionNodes = reader.value("versions", required: true) { node throws(Diagnostic) in try node.decodeSequence(for: "tariff.versions") }
            let versions = (versionNodes ?? []).compactMap { decodeVersion($0) }
            if let versionNodes, versionNodes.isEmpty { reader.report("'tariff.versions' needs at least one version", at: node.location) }
            let dates = versions.map(\.effective)
            if Set(dates).count != dates.count { reader.report("two tariff versions share an effective date", at: node.location) }
            diagnostics += reader.diagnostics + reader.unreadKeys()
            guard let currency, diagnostics.isEmpty, versions.count == versionNodes?.count else { return nil }
            return Tariff(currency: currency, versions: versions, holidays: holidays ?? [], release: release ?? .bill,
                          maxDistinctPrices: maxPrices ?? Tariff.standardMaxDistinctPrices, minShare: minShare ?? Tariff.standardMinShare)
        } catch {
            diagnostics.append(error)
            return nil
        }
    }

    private mutating func decodeVersion(_ node: YAMLNode) -> TariffVersion? {
        do {
            var reader = MappingReader(entries: try node.decodeMapping(for: "tariff.versions[]"), location: node.location, context: "tariff version")
            let effective = reader.value("effective", required: true) { node throws(Diagnostic) in try Self.date(node, key: "effective") }
            let charge = reader.value("standing_charge") { node throws(Diagnostic) in try Self.price(node, key: "standing_charge") }
            let bandNodes = reader.value("bands", required: true) { node throws(Diagnostic) in try node.decodeSequence(for: "bands") } ?? []
            let bands = bandNodes.compactMap { decodeBand($0) }
            if bands.count == bandNodes.count, let last = bands.last, !last.isCatchAll {
                reader.report("the last band ('\(last.name)') must apply always (no days, months, from or to), so every interval has a price", at: bandNodes.last!.location)
            }
            if bandNodes.isEmpty { reader.report("a tariff version needs at least one band", at: node.location) }
            var prices: [String: ExactDecimal] = [:]
            for (band, bandNode) in zip(bands, bandNodes) {
                if let earlier = prices[band.name], earlier != band.price {
                    reader.report("band '\(band.name)' has two prices (\(earlier) and \(band.price)); one register has one price", at: bandNode.location)
                }
                prices[band.name] = band.price
            }
            diagnostics += reader.diagnostics + reader.unreadKeys()
            guard let effective, bands.count == bandNodes.count, reader.diagnostics.isEmpty else { return nil }
            return TariffVersion(effective: effective, standingCharge: charge ?? ExactDecimal(significand: 0, scale: 0), bands: bands)
        } catch {
            diagnostics.append(error)
            return nil
        }
    }

    private mutating func decodeBand(_ node: YAMLNode) -> TariffBand? {
        do {
            let entries = try node.decodeMapping(for: "bands[]")
            var reader = MappingReader(entries: entries, location: node.location, context: "tariff band")
            let name = reader.value("name", required: true) { node throws(Diagnostic) in try node.decodeNonEmptyString(for: "name") }
            let price = reader.value("price", required: true) { node throws(Diagnostic) in try Self.price(node, key: "price") }
            let days = reader.value("days") { node throws(Diagnostic) in
                Set(try node.decodeSequence(for: "days").map { item throws(Diagnostic) in try item.decodeChoice(DayType.self, for: "days") })
            }
            let months = reader.value("months") { node throws(Diagnostic) in
                Set(try node.decodeSequence(for: "months").map { item throws(Diagnostic) in try item.decodeInt(for: "months", range: 1...12) })
            }
            let from = reader.value("from") { node throws(Diagnostic) in try Self.minute(node, key: "from") }
            let to = reader.value("to") { node throws(Diagnostic) in try Self.minute(node, key: "to") }
            if entries.contains(where: { $0.key == "from" }) != entries.contains(where: { $0.key == "to" }) { reader.report("a band needs both 'from' and 'to', or neither", at: node.location) }
            if let from, let to, from % 1440 == to % 1440 { reader.report("'from' and 'to' are the same time; leave both out for the whole day", at: node.location) }
            diagnostics += reader.diagnostics + reader.unreadKeys()
            guard let name, let price, reader.diagnostics.isEmpty else { return nil }
            let minutes = from.flatMap { from in to.map { TariffBand.Minutes(from: from, to: $0) } }
            return TariffBand(name: name, price: price, days: days ?? [], months: months ?? [], minutes: minutes)
        } catch {
            diagnostics.append(error)
            return nil
        }
    }

    /// A three-letter upper-case currency code.
    private static func currency(_ node: YAMLNode) throws(Diagnostic) -> String {
        let text = try node.decodeString(for: "tariff.currency")
        guard text.count == 3, text.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw .error("invalid currency '\(text)' (expected an ISO 4217 code such as EUR)", at: node.location)
        }
        return text
    }

    /// A price or charge: a decimal, possibly negative, with at most six decimal places.
    private static func price(_ node: YAMLNode, key: String) throws(Diagnostic) -> ExactDecimal {
        let text = try node.decodeString(for: key)
        guard let value = ExactDecimal(text), value.scale <= maxPriceDecimalPlaces else {
            throw .error("invalid \(key) '\(text)' (expected a decimal amount per kWh with at most \(maxPriceDecimalPlaces) decimal places, e.g. 0.3185 or -0.05)", at: node.location)
        }
        return value
    }

    /// A share from 0 to 1.
    private static func share(_ node: YAMLNode) throws(Diagnostic) -> ExactDecimal {
        let text = try node.decodeString(for: "tariff.min_share")
        guard let value = ExactDecimal(text), value.significand >= 0, value.scale <= 4,
              value.significand <= ExactDecimal.power(of: value.scale) else {
            throw .error("invalid min_share '\(text)' (expected a number from 0 to 1 with at most 4 decimal places, e.g. 0.05)", at: node.location)
        }
        return value
    }

    /// A `YYYY-MM-DD` date.
    private static func date(_ node: YAMLNode, key: String) throws(Diagnostic) -> LocalDate {
        let text = try node.decodeString(for: key)
        guard let date = LocalDate(text) else {
            throw .error("invalid date '\(text)' for '\(key)' (expected YYYY-MM-DD)", at: node.location)
        }
        return date
    }

    /// `HH:MM` as minutes of the day, `24:00` allowed as the end of the day.
    private static func minute(_ node: YAMLNode, key: String) throws(Diagnostic) -> Int {
        let text = try node.decodeString(for: key)
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...59).contains(minute), (0...23).contains(hour) || (hour == 24 && minute == 0) else {
            throw .error("invalid time '\(text)' for '\(key)' (expected local time HH:MM, 00:00 to 24:00)", at: node.location)
        }
        return hour * 60 + minute
    }
}
