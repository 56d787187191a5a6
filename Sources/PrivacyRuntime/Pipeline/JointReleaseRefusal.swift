/// Why policies cannot run together on one stream: a combination the joint release cannot make safe. `check` prints
/// it and exits 1; the run refuses to start with it.
public struct JointReleaseRefusal: Error, CustomStringConvertible, Sendable {
    private enum Code: Hashable, Sendable { case regionWindowsDiffer, householdWindowsDiffer, windowsDoNotNest, blockTooLong, filtersDiffer, billingBesideRegions }
    private let code: Code
    /// The reason, in words a person can act on.
    public let description: String

    private init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// Region policies with different windows or boundaries: one's cells would difference another's.
    static func regionWindowsDiffer(_ policies: String, atom: Int64) -> Self {
        Self(.regionWindowsDiffer, "region policies \(policies) do not share one window (together they resolve \(span(atom))): their cells would difference each other; give every region policy on a stream the same window and time zone")
    }

    /// Household policies with different windows or boundaries.
    static func householdWindowsDiffer(_ policies: String, atom: Int64) -> Self {
        Self(.householdWindowsDiffer, "household policies \(policies) do not share one window (together they resolve \(span(atom))): a meter's windows would difference each other; give every household policy on a stream the same window and time zone")
    }

    /// Region cells that do not nest in household windows.
    static func windowsDoNotNest(_ region: String, _ household: String, atom: Int64) -> Self {
        Self(.windowsDoNotNest, "windows do not nest: region \(region) and household \(household) together resolve \(span(atom)), finer than the region window; make the household window a multiple of the region window with aligned boundaries (same time zone, or zones whose offsets differ by whole region windows)")
    }

    /// A block longer than a day: region cells would be held more than a day.
    static func blockTooLong(_ household: String) -> Self {
        Self(.blockTooLong, "household \(household): region cells would be held longer than a day for the joint release; run the billing policy on a stream of its own or shorten its window")
    }

    /// A billing policy beside region policies: its registers are sums over bands (hours of a day), which the joint
    /// release does not model, so region cells could be differenced against them.
    static func billingBesideRegions(_ billing: String) -> Self {
        Self(.billingBesideRegions, "billing policy \(billing) releases per-band registers and bills, which the joint release with region policies does not model (a register sums chosen hours of a period, so region cells could difference it); run the billing policy on a stream of its own")
    }

    /// Admission filters that differ: two policies would differ by single readings.
    static func filtersDiffer(_ first: String, _ other: String, _ differences: String) -> Self {
        Self(.filtersDiffer, "policies '\(first)' and '\(other)' admit different readings (\(differences)): their aggregates would differ by single readings; give every policy on a stream the same lateness, readings, watermark and registry")
    }

    /// A span of seconds as a policy writes it: `15m`, `1h`, `90s`.
    public static func span(_ seconds: Int64) -> String {
        seconds % 3600 == 0 ? "\(seconds / 3600)h" : seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds)s"
    }
}
