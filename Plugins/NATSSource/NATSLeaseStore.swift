import CNATS
import Foundation
import PrivacyRuntime

/// Partition leases in a NATS JetStream key-value bucket: key `partition-P`, value the holder's name, the bucket's
/// TTL the lease's. A claim is `kvStore_Create` (only if the key is absent, deleted or expired); a renewal is
/// `kvStore_Update` with the latest revision as the expected one (compare-and-set). Revisions are the bucket
/// stream's sequence numbers, so a later claim of a partition always has a higher revision: the fencing token.
final class NATSLeaseStore: PartitionLeaseStore, @unchecked Sendable {
    let plan: PartitionPlan
    let scope: String
    private let client: NATSClient
    /// The bucket handle; libnats' key-value calls are safe from several threads.
    private let bucket: OpaquePointer

    /// Connects and binds to bucket `name`, creating it (file storage, history 1, TTL `plan.ttl`, `replicas`
    /// copies) when missing. An existing bucket must have the plan's TTL: a shorter one would let another instance
    /// claim a partition while its holder still counts its claim valid.
    init(settings: NATSConnectionSettings, bucket name: String, plan: PartitionPlan, replicas: Int = 1) throws {
        let client = try NATSClient(settings: settings)
        self.client = client
        self.plan = plan
        scope = name
        let ttlNanoseconds = Int64(plan.ttl.components.seconds) * 1_000_000_000 + plan.ttl.components.attoseconds / 1_000_000_000
        var store: OpaquePointer?
        if js_KeyValue(&store, client.jetStream, name) != NATS_OK {
            var config = kvConfig()
            kvConfig_Init(&config)
            config.History = 1
            config.TTL = ttlNanoseconds
            config.StorageType = js_FileStorage
            config.Replicas = Int32(replicas)
            let status = name.withCString { bucketName in
                config.Bucket = bucketName
                return js_CreateKeyValue(&store, client.jetStream, &config)
            }
            try NATSError.check(status, "creating the lease bucket '\(name)' on \(client.endpoint)")
        }
        guard let store else { throw NATSError.invalidSettings("nats: no lease bucket '\(name)' on \(client.endpoint)") }
        bucket = store
        var status: OpaquePointer?
        try NATSError.check(kvStore_Status(&status, store), "reading the lease bucket '\(name)'")
        let bucketTTL = kvStatus_TTL(status)
        kvStatus_Destroy(status)
        // Every stored property is set: a throw from here on runs deinit, which destroys the bucket handle.
        guard bucketTTL == ttlNanoseconds else {
            throw NATSError.invalidSettings(
                "nats: lease bucket '\(name)' has a TTL of \(Double(bucketTTL) / 1e9) s, not lease_ttl \(plan.ttl); "
                    + "use another lease_bucket, or the bucket's TTL")
        }
    }

    deinit {
        kvStore_Destroy(bucket)
    }

    func claim(partition: Int, holder: String) throws -> UInt64? {
        var revision: UInt64 = 0
        let status = kvStore_CreateString(&revision, bucket, Self.key(partition), holder)
        if status == NATS_OK { return revision }
        // Someone holds it (the create was refused) unless the entry is absent, which means the call itself failed.
        if try latestRevision(partition) != nil { return nil }
        throw NATSError.call("claiming partition \(partition) in bucket '\(scope)'", status: status)
    }

    func renew(partition: Int, holder: String, lastRevision: UInt64) throws -> UInt64? {
        var revision: UInt64 = 0
        let status = kvStore_UpdateString(&revision, bucket, Self.key(partition), holder, lastRevision)
        if status == NATS_OK { return revision }
        // The update was refused if the lease expired or moved on; otherwise the call failed and may succeed later.
        guard try latestRevision(partition) == lastRevision else { return nil }
        throw NATSError.call("renewing partition \(partition) in bucket '\(scope)'", status: status)
    }

    func release(partition: Int, lastRevision: UInt64) {
        guard (try? latestRevision(partition)) == lastRevision else { return }
        kvStore_Delete(bucket, Self.key(partition))
    }

    /// The latest revision of the partition's lease, nil when it has none (never claimed, deleted or expired).
    private func latestRevision(_ partition: Int) throws -> UInt64? {
        var entry: OpaquePointer?
        let status = kvStore_Get(&entry, bucket, Self.key(partition))
        if status == NATS_NOT_FOUND { return nil }
        try NATSError.check(status, "reading the lease of partition \(partition) in bucket '\(scope)'")
        defer { kvEntry_Destroy(entry) }
        return kvEntry_Operation(entry) == kvOp_Put ? kvEntry_Revision(entry) : nil
    }

    private static func key(_ partition: Int) -> String { "partition-\(partition)" }
}
