/// Whose readings one aggregate combines.
public enum Scope: String, Sendable, CaseIterable, Hashable {
    /// One aggregate per household (meter) and window, e.g. for billing.
    case household
    /// One aggregate per region and window, over many households.
    case region
}
