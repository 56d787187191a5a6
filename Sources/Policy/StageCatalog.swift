/// What the policy layer asks of the runtime's stage registry while loading a policy.
///
/// The runtime's `StageRegistry` conforms; the policy layer never knows concrete stages.
public protocol StageCatalog: Sendable {
    /// The `type:` names registered for `kind`, used to report an unknown type.
    func registeredTypes(_ kind: StageKind) -> [String]
    /// Checks a section whose type is registered; typically runs the factory's `StageOptions` reads
    /// and returns `finish()`. Called only for registered types.
    func validate(_ config: StageConfig) -> [Diagnostic]
    /// What a section's stage says about itself (the file it writes, whether it is partitioned); used for rules that
    /// span stages. The default says nothing.
    func outline(_ config: StageConfig) -> StageOutline
}

extension StageCatalog {
    /// Says nothing.
    public func outline(_ config: StageConfig) -> StageOutline { StageOutline() }
}
