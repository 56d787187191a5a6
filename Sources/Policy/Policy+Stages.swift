extension Policy {
    /// Every stage section in pipeline order: source, encrypt, aggregate, purge, then the sinks.
    public var stages: [StageConfig] { [source, encrypt, aggregate, purge] + sinks }
}
