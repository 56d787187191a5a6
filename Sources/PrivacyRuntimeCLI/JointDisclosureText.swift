import Policy
import PrivacyRuntime

/// What `check` prints for policies that read one stream: what the key holder learns from all their releases together
/// (the finest value per meter, which region cells are suppressed and why, how long region cells are held).
struct JointDisclosureText {
    let policies: [Policy]
    /// The stream, e.g. `source 'csv' reading /data/readings.csv`.
    let stream: String
    /// The joint release, nil when the policies need none.
    let plan: JointReleasePlan?

    /// The text, one item per line.
    var text: String {
        let names = policies.map { "'\($0.name)'" }.joined(separator: ", ")
        var lines = ["Joint disclosure of \(names), run together on one stream (\(stream)):"]
        let regions = policies.filter { $0.scope == .region }, households = policies.filter { $0.scope == .household }
        let noisy = regions.filter { $0.noise != nil }
        if !noisy.isEmpty {
            lines.append("- Region policies with noise (\(noisy.map { "'\($0.name)'" }.joined(separator: ", "))) are released on their own: each window is differentially private whatever else is released, so it is neither held nor withheld for the other policies (exact policies whose windows tile them are refused).")
        }
        guard let plan, let household = households.first else {
            if !noisy.isEmpty {
                if !households.isEmpty { lines.append("- Household windows are released as their policies say.") }
                return lines.joined(separator: "\n")
            }
            lines.append(regions.isEmpty
                ? "- Only household policies: each window is released as its policy says (no joint release; a meter's windows of different lengths difference each other, so give them one window)."
                : "- Only region policies of one window: each window is released as its policy says (no joint release; give them the same readings rules, or they differ by single readings).")
            return lines.joined(separator: "\n")
        }
        let minMeters = regions.filter { $0.noise == nil }.map(\.minMeters).max() ?? 1
        let region = JointReleaseRefusal.span(plan.regionWindow), block = JointReleaseRefusal.span(plan.householdWindow)
        let zone = household.timeZone?.identifier ?? "UTC"
        lines += [
            "- Windows nest: region cells of \(region) lie inside household windows of \(block) (\(zone)); together the releases resolve \(JointReleaseRefusal.span(plan.atom)) (the gcd of the windows and of the time zones' offsets), and every policy admits the same readings.",
            "- Finest value the key holder learns per meter: its \(block) total (\(households.map { "'\($0.name)'" }.joined(separator: ", "))); region cells add only sums over at least \(minMeters) meters, and no combination of all releases gives a meter's value over part of its \(block) window.",
            "- Region cells suppressed (primary): fewer than \(minMeters) meters; every reading at readings.min or readings.max (a total of 0 with non-negative readings reveals each reading).",
            "- Region cells suppressed (secondary): each cell whose release would let the releases of all these policies together determine a suppressed cell, readings that no household window holds, or a meter's value over part of its \(block) window; decided per \(block) block (a household window withheld by its policy counts as unreleased). Recorded in the purge log with the reason and counted as suppressed.",
            "- Hold: a region cell waits until the household windows of its block have closed: up to \(JointReleaseRefusal.span(max(plan.hold, 0))) after it would close alone.",
        ]
        return lines.joined(separator: "\n")
    }
}
