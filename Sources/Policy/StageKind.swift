/// The five kinds of pipeline stage a policy configures.
public enum StageKind: String, Sendable, CaseIterable, Hashable {
    /// Where readings come from (`source:`).
    case source
    /// How readings are encrypted (`encrypt:`).
    case encrypt
    /// How ciphertexts are combined per window (`aggregate:`).
    case aggregate
    /// How readings are destroyed once folded in (`purge:`).
    case purge
    /// Where sealed window aggregates go (each item of `sinks:`).
    case sink
}
