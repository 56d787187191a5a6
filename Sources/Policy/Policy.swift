import Foundation

/// A loaded, validated policy: the privacy promise the runtime enforces.
public struct Policy: Sendable {
    /// The `policy:` name, recorded with every aggregate.
    public let name: String
    /// The `description:` text ("" when absent).
    public let description: String
    /// The file the policy was loaded from (for `load(yaml:)`, the base directory plus the file name).
    public let fileURL: URL
    /// Whose readings one aggregate combines.
    public let scope: Scope
    /// The tumbling window length; it divides a day evenly.
    public let window: PolicyDuration
    /// How long after a window's end its readings are still accepted (0s when absent).
    public let lateness: PolicyDuration
    /// How the watermark follows the fleet (`watermark:`; the defaults when absent).
    public let watermark: WatermarkRule
    /// The zone windows align to (`timezone:`); nil means UTC.
    public let timeZone: TimeZone?
    /// How reading values are written and bounded.
    public let readings: ReadingRules
    /// The `source:` section.
    public let source: StageConfig
    /// The `encrypt:` section.
    public let encrypt: StageConfig
    /// The `aggregate:` section, without `min_meters` (read into `minMeters`).
    public let aggregate: StageConfig
    /// The `purge:` section (`type: zeroize` when absent).
    public let purge: StageConfig
    /// A window is released only if at least this many distinct meters contributed (`aggregate.min_meters`; default 5
    /// for region scope, 1 for household scope, where a window always has one meter).
    public let minMeters: Int
    /// Why a region policy accepts `min_meters` below 5 (`aggregate.allow_small_groups:`); nil when it does not say.
    public let smallGroupsReason: String?
    /// How long aggregates and rejected readings are kept.
    public let retention: Retention
    /// The `sinks:` sections, in order; at least one.
    public let sinks: [StageConfig]
    /// What happens to open windows at shutdown.
    public let onShutdown: ShutdownAction
    /// How windows are released once: incomplete windows after a crash, and the state directory (`release:`).
    public let release: ReleaseRules
    /// Where rejected readings are written (`rejects:`); nil lets the runtime choose.
    public let rejectsPath: URL?
    /// The runtime operator's key file (`runtime_key:`, resolved against the policy's directory); nil when absent.
    /// The policy layer checks only that it is a path; the runtime checks the file when it loads it.
    public let runtimeKeyPath: URL?
    /// The meter registry readings are admitted against (`registry:`); nil when absent, and then `min_meters` counts
    /// whatever meter ids arrive.
    public let registry: RegistryReference?
    /// The billing rules (`billing_period:` and `tariff:`); nil for a policy that releases window totals.
    public let billing: BillingRules?
    /// Differentially private noise on the region windows' sums and counts (`noise:`); nil releases exact sums.
    public let noise: NoiseRules?
    /// The smallest region `min_meters` without `allow_small_groups`, and the default: 5 meters.
    public static let standardRegionMinMeters = 5

    /// Warnings found while loading (from stage catalogs); errors would have stopped the load.
    public let warnings: [Diagnostic]
}
