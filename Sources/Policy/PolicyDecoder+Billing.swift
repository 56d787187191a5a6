import Foundation

extension PolicyDecoder {
    /// Reads `billing_period:` and `tariff:` (both or neither), enforcing what a bill may reveal: household scope,
    /// `readings.interval` set, one tariff for every household (the policy's), a time-of-use tariff within its
    /// limits in every period, and dynamic prices released as the bill only, their file fixed by its SHA-256.
    mutating func decodeBilling(period periodNode: YAMLNode?, tariff tariffNode: YAMLNode?, scope: Scope?,
                                readings: ReadingRules?, timeZone: TimeZone?, root: SourceLocation) -> BillingRules? {
        guard periodNode != nil || tariffNode != nil else { return nil }
        guard let periodNode, let tariffNode else {
            diagnostics.append(.error("a billing policy needs both 'billing_period:' and 'tariff:'", at: (periodNode ?? tariffNode)!.location))
            return nil
        }
        var period: BillingPeriod?
        do {
            let text = try periodNode.decodeString(for: "billing_period")
            period = BillingPeriod(text: text)
            if period == nil {
                diagnostics.append(.error("invalid billing_period '\(text)' (expected 1d, 1w or 1 month, in the policy's time zone)", at: periodNode.location))
            }
        } catch {
            diagnostics.append(error)
        }
        if let scope, scope != .household {
            diagnostics.append(.error("a tariff bills one household: 'billing_period:' and 'tariff:' need scope: household", at: tariffNode.location))
        }
        guard let interval = readings?.interval else {
            diagnostics.append(.error("a billing policy needs readings.interval (the meters' reporting interval, e.g. 15m): bands and prices apply per interval", at: tariffNode.location))
            return nil
        }
        let pricing: BillingRules.Pricing?
        if tariffNode.mapping?.contains(where: { $0.key == "price_file" }) == true {
            pricing = decodeDynamicPrices(tariffNode).map { .dynamic($0) }
        } else {
            var decoder = TariffDecoder()
            pricing = decoder.decode(tariffNode).map { .timeOfUse($0) }
            diagnostics += decoder.diagnostics
        }
        guard let period, let pricing else { return nil }
        if case .dynamic(let prices) = pricing, let readings {
            // A reading times its price is added as one Int64 plaintext (per_window): bound it.
            let top = prices.prices.values.compactMap { $0.units(decimalPlaces: 6)?.magnitude }.max() ?? 0
            if top > 0, UInt64(max(readings.max, -readings.min)).multipliedReportingOverflow(by: top).overflow
                || UInt64(max(readings.max, -readings.min)) * top > UInt64(Int64.max) {
                diagnostics.append(.error("readings.max times the largest price in the price file does not fit 64 bits; lower readings.max", at: tariffNode.location))
            }
        }
        if case .timeOfUse(let tariff) = pricing {
            let problems = TariffGuard(tariff: tariff, period: period, interval: interval, clock: LocalClock(timeZone: timeZone)).violations()
            if !problems.isEmpty {
                diagnostics.append(.error("the tariff can single out less than a band register, so it is refused (raise the shares, merge prices or bands, or move effective dates to a period start): " + problems.joined(separator: "; "), at: tariffNode.location))
            }
        }
        return BillingRules(period: period, pricing: pricing)
    }

    /// `tariff:` with `price_file: {path, sha256}`, `currency`, `standing_charge` and optionally `release: bill`.
    private mutating func decodeDynamicPrices(_ node: YAMLNode) -> DynamicPrices? {
        do {
            var reader = MappingReader(entries: try node.decodeMapping(for: "tariff"), location: node.location, context: "tariff")
            defer { diagnostics += reader.diagnostics + reader.unreadKeys() }
            let currency = reader.value("currency", required: true) { node throws(Diagnostic) in try node.decodeString(for: "tariff.currency") }
            if let currency, !(currency.count == 3 && currency.allSatisfy({ $0.isASCII && $0.isUppercase })), let at = reader.entry("currency") {
                reader.report("invalid currency '\(currency)' (expected an ISO 4217 code such as EUR)", at: at.value.location)
            }
            let release = reader.value("release") { node throws(Diagnostic) in try node.decodeChoice(TariffRelease.self, for: "tariff.release") }
            if let release, release != .bill, let at = reader.entry("release") {
                reader.report("dynamic prices release the bill only (release: bill): per-band registers under prices chosen per interval would single out intervals", at: at.value.location)
            }
            let charge = reader.value("standing_charge") { node throws(Diagnostic) in try node.decodeString(for: "tariff.standing_charge") }
            let chargeValue = charge.flatMap { ExactDecimal($0) }
            if let charge, chargeValue == nil || chargeValue!.scale > TariffDecoder.maxPriceDecimalPlaces, let at = reader.entry("standing_charge") {
                reader.report("invalid standing_charge '\(charge)' (expected a decimal with at most \(TariffDecoder.maxPriceDecimalPlaces) places)", at: at.value.location)
            }
            guard let fileNode = reader.node("price_file", required: true) else { return nil }
            var fileReader = MappingReader(entries: try fileNode.decodeMapping(for: "tariff.price_file"), location: fileNode.location, context: "tariff.price_file")
            defer { diagnostics += fileReader.diagnostics + fileReader.unreadKeys() }
            let path = fileReader.value("path", required: true) { node throws(Diagnostic) in try node.decodeNonEmptyString(for: "price_file.path") }
            let hash = fileReader.value("sha256", required: true) { node throws(Diagnostic) in try node.decodeString(for: "price_file.sha256") }
            if let hash, !(hash.count == 64 && hash.allSatisfy(\.isHexDigit)), let at = fileReader.entry("sha256") {
                fileReader.report("price_file.sha256 must be the file's SHA-256 as 64 hex digits (sha256sum FILE), fixed before the period starts", at: at.value.location)
            }
            guard let currency, let path, let hash, reader.diagnostics.isEmpty, fileReader.diagnostics.isEmpty else { return nil }
            let url = PolicyPath.resolve(path, against: baseDirectory)
            switch PriceFile.read(url, expectedSHA256: hash) {
            case .failure(let problem):
                fileReader.report(problem.message, at: fileNode.location)
                return nil
            case .success(let (interval, prices)):
                return DynamicPrices(currency: currency, standingCharge: chargeValue ?? ExactDecimal(significand: 0, scale: 0),
                                     file: url, sha256: hash.lowercased(), interval: interval, prices: prices)
            }
        } catch {
            diagnostics.append(error)
            return nil
        }
    }
}
