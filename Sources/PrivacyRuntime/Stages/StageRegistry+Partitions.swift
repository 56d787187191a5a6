import Policy

extension StageRegistry {
    /// Registers the lease store of the partitioned source type `sourceType`: its factory reads the same source
    /// section as the source's (all of its keys, so none is unknown) and builds the store its instances claim
    /// partitions in.
    public mutating func register(leaseStore sourceType: String, factory: @escaping StageFactory<any PartitionLeaseStore>) {
        leaseStores[sourceType] = factory
    }

    /// The lease store of `source` (a source section) when its factory says it is partitioned; nil otherwise.
    public func makeLeaseStore(_ source: StageConfig, context: StageContext) async throws -> (any PartitionLeaseStore)? {
        guard outline(source).partitions != nil, leaseStores[source.type] != nil else { return nil }
        return try await build(source, leaseStores, context)
    }
}
