/// The plain-words account `privacy-runtime check` prints: what the key holder can learn from a
/// policy, where aggregates go, how long they are kept, and which settings are risky.
public struct DisclosureSummary: Sendable, CustomStringConvertible {
    /// What the caller knows beyond the policy file: the key and how each sink is described.
    public struct Facts: Sendable {
        /// The public key's id (JWK `kid`).
        public var keyID: String
        /// Whether the key is marked as a demo key (its private key is published).
        public var isDemoKey: Bool
        /// The key's modulus size, when known.
        public var keyBits: Int?
        /// One phrase per `policy.sinks` entry, in order, e.g. "SQLite database out/billing.sqlite".
        public var sinkDescriptions: [String]
        /// The runtime key `runtime_key:` names, e.g. "key 1f2e3d4c5b6a7980 'site A'"; nil when not loaded.
        public var runtimeKey: String?
        /// Whether that runtime key is marked as a demo key (its secret is published).
        public var isDemoRuntimeKey: Bool
        /// How the encryptor folds readings into windows, when it says.
        public var encryptionMode: EncryptionMode?
        /// The release state file of an unsharded run, when known.
        public var releaseStatePath: String?
        /// The meter registry `registry:` names, as loaded and verified; nil when not loaded.
        public var meterRegistry: RegistryFacts?

        /// Creates facts; `sinkDescriptions` falls back to the sink types when it does not match the sinks.
        public init(keyID: String, isDemoKey: Bool, keyBits: Int? = nil, sinkDescriptions: [String] = [],
                    runtimeKey: String? = nil, isDemoRuntimeKey: Bool = false, encryptionMode: EncryptionMode? = nil,
                    releaseStatePath: String? = nil, meterRegistry: RegistryFacts? = nil) {
            self.keyID = keyID
            self.isDemoKey = isDemoKey
            self.keyBits = keyBits
            self.sinkDescriptions = sinkDescriptions
            self.runtimeKey = runtimeKey
            self.isDemoRuntimeKey = isDemoRuntimeKey
            self.encryptionMode = encryptionMode
            self.releaseStatePath = releaseStatePath
            self.meterRegistry = meterRegistry
        }
    }

    /// What loading the policy's meter registry found (its signature verified under `registry.authority_key`).
    public struct RegistryFacts: Sendable {
        /// Registered meters.
        public var meters: Int
        /// Of those, meters with a signing key (their readings must be signed).
        public var signedMeters: Int

        /// Creates the facts.
        public init(meters: Int, signedMeters: Int) {
            self.meters = meters
            self.signedMeters = signedMeters
        }
    }

    /// What `check` says of `min_meters` against the key holder, who runs the broker and can publish made-up readings.
    public static let insiderBound = "noise (`noise:`, for region policies) is what bounds an insider"

    /// Household windows shorter than this draw a warning.
    public static let shortHouseholdWindow: Int64 = 30 * 60
    /// Region windows with fewer meters than this draw a warning (and need `allow_small_groups`).
    public static let smallRegion = Policy.standardRegionMinMeters
    /// Keeping aggregates longer than 13 months (395 days) draws a warning.
    public static let longRetention: Int64 = 395 * 86_400

    /// The first line: policy name and description.
    public let title: String
    /// Who can decrypt: the key.
    public let keyHolder: String
    /// What the key holder can learn, one item per line.
    public let learns: [String]
    /// What the key holder cannot learn.
    public let protections: [String]
    /// The encryption mode and what it means, one line; nil when the encryptor does not say.
    public let encryption: String?
    /// Which readings the policy accepts and what encrypted readings cannot be checked for (`readings.encoding`), one
    /// line; nil for plain readings only.
    public let readingEncoding: String?
    /// Where aggregates are written.
    public let destinations: [String]
    /// When windows close: the watermark rule and the bound ahead of it (`lateness`, `watermark:`); one line.
    public let windowClosing: String
    /// How long data is kept.
    public let retention: [String]
    /// The runtime operator's own key (`runtime_key:`), which the key holder never has; one line.
    public let runtimeKey: String
    /// Whether released aggregates are signed, and with which runtime key, so the key holder can refuse a row
    /// changed or forged in the database; one line.
    public let integrity: String
    /// How each window is released once: where the release point is kept and what happens to a window a restart
    /// may have left partial; one line.
    public let release: String
    /// Which meters count (`registry:`) and whom `min_meters` stops; one line.
    public let meterRegistry: String
    /// Risky settings; empty when none.
    public let warnings: [String]

    /// Builds the summary of `policy` with the caller's `facts`.
    public init(policy: Policy, facts: Facts) {
        title = "Policy '\(policy.name)'" + (policy.description.isEmpty ? "" : ": \(policy.description)")
        let bits = facts.keyBits.map { ", \($0)-bit Paillier" } ?? ""
        keyHolder = "The key holder (key \(facts.keyID)\(bits)\(facts.isDemoKey ? ", DEMO KEY" : "")) can learn:"
        let zone = policy.timeZone?.identifier ?? "UTC"
        let what = policy.aggregate.type == "sum" ? "totals" : "'\(policy.aggregate.type)' aggregates"
        var learns: [String]
        switch policy.scope {
        case .household:
            learns = ["per-household \(what) every \(policy.window) (windows aligned to midnight \(zone))"]
        case .region:
            let threshold = policy.minMeters > 1
                ? ", only for windows with at least \(policy.minMeters) meters" : " (no minimum number of meters)"
            learns = ["per-region \(what) every \(policy.window)\(threshold) (windows aligned to midnight \(zone))"]
        }
        if let billing = policy.billing {
            learns = BillingDisclosure.learns(billing, zone: zone)
        }
        if policy.scope == .household, policy.readings.interval == nil {
            learns.append("totals over less than a window: without readings.interval, whoever runs the broker can drop a meter's readings for part of its window, and the released total then covers only the rest (one hour of a 2h window is an hourly value); declare readings.interval to suppress such windows")
        }
        learns.append(policy.billing == nil ? "the number of readings and of distinct meters in each window" : "the number of readings in each period")
        if policy.onShutdown == .release {
            learns.append("totals of partial windows still open when the runtime stops")
        }
        if policy.release.incomplete == .mark {
            learns.append("totals of windows open at a crash, marked incomplete (readings may be lost; the total is a lower bound)")
        }
        self.learns = learns
        let folding = facts.encryptionMode == .perWindow
            ? "each is added as a plaintext into its window's fresh encryption (\(policy.encrypt.type), per_window)"
            : "each is encrypted on arrival (\(policy.encrypt.type)), combined while encrypted (\(policy.aggregate.type))"
        var protections = ["individual readings: \(folding) and destroyed once folded into its window (\(policy.purge.type))"]
        if policy.scope == .household, let interval = policy.readings.interval.map({ PolicyDuration(seconds: $0) }) {
            protections.append("a total over fewer than min_coverage \(policy.readings.minCoverageText) of a window's \(interval) intervals: a household window with fewer readings (some dropped on the way) is suppressed, and readings off the \(interval) grid are rejected")
        }
        self.protections = protections
        encryption = facts.encryptionMode.map { "Encryption: \($0.explanation)" }
        readingEncoding = policy.readings.encoding.limits
        destinations = facts.sinkDescriptions.count == policy.sinks.count
            ? facts.sinkDescriptions : policy.sinks.map { "sink '\($0.type)'" }
        let rule = policy.watermark
        windowClosing = "Windows close when the watermark passes their end: the \(rule.quantileText) quantile of the latest event times of "
            + "the active meters (at least \(rule.minMeters); a meter \(PolicyDuration(seconds: rule.idleAfter)) behind the fleet is left out), "
            + "minus lateness \(policy.lateness); readings more than \(PolicyDuration(seconds: rule.maxAhead)) ahead of the fleet are rejected as future"
        retention = [
            policy.retention.aggregates.map { "aggregates are deleted after \($0) (from sinks that can delete)" }
                ?? "aggregates are kept until deleted by hand (no retention.aggregates)",
            "rejected readings are deleted after \(policy.retention.rejected)",
        ]
        if let path = policy.runtimeKeyPath {
            runtimeKey = "Runtime key (the runtime operator's; the key holder never has it): \(path.path)"
                + (facts.runtimeKey.map { ", \($0)" } ?? "")
        } else {
            runtimeKey = "Runtime key: none configured (no runtime_key:); rejects keep no HMAC of a rejected line"
        }
        if policy.runtimeKeyPath != nil {
            integrity = "Integrity: every released aggregate is signed with the runtime key's Ed25519 half"
                + (facts.runtimeKey.map { " (\($0))" } ?? "")
                + "; decrypt --verify-with PREFIX.runtime-sign.pub.json refuses a row changed or forged in the database (a deleted row is not detected)"
        } else {
            integrity = "Integrity: aggregates are not signed (no runtime_key:); decrypt cannot tell a row changed or forged in the database from a released one"
        }
        let place = facts.releaseStatePath ?? policy.release.stateDirectory.map { "\($0.path)/" } ?? "the state directory beside the rejects files"
        let sealing = policy.runtimeKeyPath == nil
            ? "not authenticated: no runtime_key" : "sealed under the runtime key"
        let partial = policy.release.incomplete == .mark
            ? "released marked incomplete (release.incomplete: mark)" : "suppressed (release.incomplete: suppress)"
        release = "Release: each window is released once; the release point is kept in \(place) (the runtime operator's state, "
            + "\(sealing)); after a restart a reading for a released window is rejected (already_released), and a window "
            + "open at the crash whose readings the source cannot replay is \(partial)"
        meterRegistry = Self.registryLine(policy: policy, facts: facts)
        warnings = Self.warnings(policy: policy, facts: facts)
    }

    private static func registryLine(policy: Policy, facts: Facts) -> String {
        guard let reference = policy.registry else {
            if policy.scope == .household {
                return "Meter registry: none (no registry:): readings are not authenticated; household windows are per meter, so made-up meters expose no other household"
            }
            return "Meter registry: none (no registry:): min_meters counts whatever meter ids arrive, so it stops outsiders only; "
                + "the key holder, who runs the broker, can publish made-up meters reporting 0 Wh beside one real meter and read that meter's exact value; "
                + insiderBound
        }
        let counts = facts.meterRegistry.map { ", \($0.meters) meters, \($0.signedMeters) with signing keys, signature verified" } ?? ""
        return "Meter registry: \(reference.path.path) (authority key \(reference.authorityKey)\(counts)): readings of meters not in it, "
            + "or for another region, are rejected as unknown_meter, and a meter with a key must sign each reading (bad_signature); "
            + "min_meters counts registered meters only. This stops the key holder only if the registry authority is not the key holder "
            + "(a registry the key holder signs lets it register made-up meters, and min_meters then stops outsiders only); "
            + "meters the key holder owns or can read still count, so \(insiderBound)"
    }

    private static func warnings(policy: Policy, facts: Facts) -> [String] {
        var warnings: [String] = []
        if policy.scope == .region, policy.minMeters < smallRegion {
            let reason = policy.smallGroupsReason.map { " (allow_small_groups: \"\($0)\")" } ?? ""
            warnings.append("min_meters is \(policy.minMeters)\(reason): a region window with fewer than \(smallRegion) meters can expose individual households")
        }
        if policy.scope == .household, policy.window.seconds < shortHouseholdWindow {
            warnings.append("household windows of \(policy.window) are shorter than 30m: totals this fine can reveal daily routines")
        }
        if policy.watermark.quantilePerMille > 500 {
            warnings.append("watermark.quantile is \(policy.watermark.quantileText), above 0.5: a minority of meters with fast clocks can move the watermark, and other meters' readings are then rejected as late (0.5 or lower recommended)")
        }
        if facts.isDemoKey {
            warnings.append("key \(facts.keyID) is a demo key: its private key is published, so anyone can decrypt these aggregates")
        }
        if facts.isDemoRuntimeKey {
            warnings.append("the runtime key is a demo key: its secret is published, so it protects nothing (anyone can make its HMACs and signatures and open what it seals)")
        }
        if policy.scope == .region, policy.registry == nil {
            warnings.append("no registry: min_meters counts meter ids, not meters: it stops outsiders only, and the key holder can make up meters to single out one household; name a registry signed by a registry authority that is not the key holder")
        }
        if let registry = facts.meterRegistry, registry.signedMeters < registry.meters {
            warnings.append("\(registry.meters - registry.signedMeters) of the registry's \(registry.meters) meters have no signing key: their readings cannot be authenticated, so whoever runs the broker can publish readings in their names")
        }
        if policy.runtimeKeyPath == nil {
            warnings.append("no runtime_key: rejects files keep no HMAC-SHA-256 of a rejected line, so a reject cannot be matched to the line the meter sent; set runtime_key")
        }
        if let kept = policy.retention.aggregates {
            if kept.seconds > longRetention {
                warnings.append("aggregates are kept for \(kept), longer than 13 months (395d)")
            }
        } else {
            warnings.append("aggregates are kept indefinitely; set retention.aggregates (at most 395d recommended)")
        }
        warnings += policy.warnings.map(\.description)
        return warnings
    }

    /// The summary as indented plain text, one item per line.
    public var description: String {
        var lines = [title, keyHolder]
        lines += learns.map { "  - \($0)" }
        lines.append("It cannot learn:")
        lines += protections.map { "  - \($0)" }
        if let encryption { lines.append(encryption) }
        if let readingEncoding { lines.append(readingEncoding) }
        lines.append("Aggregates go to:")
        lines += destinations.map { "  - \($0)" }
        lines.append(windowClosing)
        lines.append("Retention:")
        lines += retention.map { "  - \($0)" }
        lines.append(meterRegistry)
        lines.append(runtimeKey)
        lines.append(release)
        lines.append(integrity)
        if warnings.isEmpty {
            lines.append("Warnings: none")
        } else {
            lines.append("Warnings:")
            lines += warnings.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
