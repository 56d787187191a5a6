/// What a billing policy releases per household and period, and nothing finer.
public enum TariffRelease: String, Sendable, Hashable, CaseIterable {
    /// One encrypted amount (the bill).
    case bill
    /// Encrypted consumption per band (registers, as BSI TR-03109's TAF2).
    case registers
    /// Both.
    case both

    /// Whether the encrypted amount is released.
    public var includesBill: Bool { self != .registers }
    /// Whether the per-band registers are released.
    public var includesRegisters: Bool { self != .bill }
}
