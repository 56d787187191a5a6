import Foundation
import Policy

/// How the policies of one stream are released together when region and household policies run side by side: region
/// cells of length `regionWindow` nest in household windows ("blocks") of length `householdWindow`, every policy admits
/// the same readings, and each block's region cells wait for its household windows, then go through
/// `DisclosureControl`. `make` refuses a combination it cannot make safe, with the reason.
public struct JointReleasePlan: Sendable {
    /// The region policies' common window, seconds.
    public let regionWindow: Int64
    /// The household policies' common window (a block), seconds.
    public let householdWindow: Int64
    /// The household policies' time zone (blocks follow it); nil for UTC.
    public let householdTimeZone: TimeZone?
    /// The finest span that the windows of all policies resolve together (gcd of windows and offsets), seconds.
    public let atom: Int64

    /// The longest a region cell waits for its block beyond its own close, seconds.
    public var hold: Int64 { householdWindow - regionWindow }

    /// The plan for `policies` run on one stream; nil when they need no joint release (one policy, only household
    /// policies, or only region policies of one window). Throws `JointReleaseRefusal` with the reason otherwise.
    /// Region policies with `noise:` take no part: their cells are differentially private whatever else is released
    /// (`NoisePlan.checkCombination` refuses exact windows that would tile them), so they are neither held nor
    /// withheld, and no decision about them looks at exact meter sets.
    public static func make(for all: [Policy]) throws(JointReleaseRefusal) -> JointReleasePlan? {
        let policies = all.filter { $0.scope == .household || $0.noise == nil }
        guard policies.count > 1 else { return nil }
        let regions = policies.filter { $0.scope == .region }, households = policies.filter { $0.scope == .household }
        let samples = sampleInstants()
        func phases(_ policy: Policy) -> [Int64] {
            samples.map { instant in Int64(policy.timeZone?.secondsFromGMT(for: instant) ?? 0) }
        }
        // gcd of the windows of `group` and of their offsets' differences at the same instants.
        func atom(_ group: [Policy]) -> Int64 {
            var g: Int64 = 0
            for policy in group { g = gcd(g, policy.window.seconds) }
            let offsets = group.map(phases)
            for a in offsets { for b in offsets { for (x, y) in zip(a, b) { g = gcd(g, abs(x - y)) } } }
            return g
        }
        if let first = regions.first, atom(regions) != first.window.seconds || Set(regions.map(\.window.seconds)).count > 1 {
            throw .regionWindowsDiffer(regions.map(describe).joined(separator: ", "), atom: atom(regions))
        }
        guard let region = regions.first, let household = households.first else { return nil }
        if let billing = households.first(where: { $0.billing != nil }) { throw .billingBesideRegions(describe(billing)) }
        if Set(households.map(\.window.seconds)).count > 1 || atom(households) != household.window.seconds {
            throw .householdWindowsDiffer(households.map(describe).joined(separator: ", "), atom: atom(households))
        }
        let joint = atom(policies)
        guard joint == region.window.seconds, household.window.seconds % region.window.seconds == 0 else {
            throw .windowsDoNotNest(describe(region), describe(household), atom: joint)
        }
        guard household.window.seconds <= 86_400 else { throw .blockTooLong(describe(household)) }
        for policy in policies.dropFirst() {
            let first = policies[0]
            var differences: [String] = []
            if policy.lateness != first.lateness { differences.append("lateness \(first.lateness) vs \(policy.lateness)") }
            if policy.readings != first.readings { differences.append("readings (resolution, min, max, max_clock_skew)") }
            if policy.watermark != first.watermark { differences.append("watermark") }
            if policy.registry != first.registry { differences.append("registry") }
            if !differences.isEmpty { throw .filtersDiffer(first.name, policy.name, differences.joined(separator: ", ")) }
        }
        return JointReleasePlan(regionWindow: region.window.seconds, householdWindow: household.window.seconds,
                                householdTimeZone: household.timeZone, atom: joint)
    }

    /// `'name' (2h in Europe/Berlin)`.
    static func describe(_ policy: Policy) -> String {
        "'\(policy.name)' (\(policy.window) in \(policy.timeZone?.identifier ?? "UTC"))"
    }

    /// Noon UTC of each of the next 800 days: every offset a zone takes over two years, at the same instants for all.
    private static func sampleInstants() -> [Date] {
        let today = (Int64(Date().timeIntervalSince1970) / 86_400) * 86_400 + 43_200
        return (0..<800).map { Date(timeIntervalSince1970: Double(today + Int64($0) * 86_400)) }
    }

    private static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (a, b) = (abs(a), abs(b))
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
