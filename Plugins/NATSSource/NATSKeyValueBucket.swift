import CNATS
import Foundation

/// A JetStream key-value bucket over libnats' `kvStore_*` (the third piece of code that touches libnats, with
/// `NATSClient` and `NATSPullConsumer`): opened, or created with one revision per key and file storage. Its calls
/// block; `NATSCheckpointStore` makes them on a thread of its own.
final class NATSKeyValueBucket: @unchecked Sendable {
    private let client: NATSClient
    private let store: OpaquePointer
    /// The bucket's name.
    let name: String

    /// Opens bucket `name` on `client`'s server, creating it (`replicas` copies, file storage, history 1) when it
    /// does not exist.
    init(client: NATSClient, name: String, replicas: Int = 1) throws {
        self.client = client
        self.name = name
        var store: OpaquePointer?
        var status = js_KeyValue(&store, client.jetStream, name)
        if status == NATS_NOT_FOUND {
            var config = kvConfig()
            kvConfig_Init(&config)
            config.History = 1
            config.StorageType = js_FileStorage
            config.Replicas = Int32(replicas)
            status = name.withCString { bucket in
                config.Bucket = bucket
                config.Description = nil
                return js_CreateKeyValue(&store, client.jetStream, &config)
            }
        }
        guard status == NATS_OK, let store else {
            throw NATSError.call("opening key-value bucket '\(name)' on \(client.endpoint)", status: status)
        }
        self.store = store
    }

    deinit {
        kvStore_Destroy(store)
    }

    /// The largest value the server accepts in one message (its max_payload), in bytes.
    var maxValueBytes: Int { Int(natsConnection_GetMaxPayload(client.connection)) }

    /// The value of `key`, nil when the key does not exist (or was purged).
    func get(_ key: String) throws -> [UInt8]? {
        try entry(key)?.value
    }

    /// The value of `key` and its revision, nil when the key does not exist (or was purged or deleted).
    func entry(_ key: String) throws -> (value: [UInt8], revision: UInt64)? {
        var entry: OpaquePointer?
        let status = kvStore_Get(&entry, store, key)
        if status == NATS_NOT_FOUND { return nil }
        try NATSError.check(status, "reading key '\(key)' of bucket '\(name)'")
        defer { kvEntry_Destroy(entry) }
        guard kvEntry_Operation(entry) == kvOp_Put else { return nil }
        let length = Int(kvEntry_ValueLen(entry))
        guard length > 0, let bytes = kvEntry_Value(entry) else { return ([], kvEntry_Revision(entry)) }
        return (Array(UnsafeRawBufferPointer(start: bytes, count: length)), kvEntry_Revision(entry))
    }

    /// Stores `value` under `key` only if its latest revision is still `expected` (nil: only if the key is absent):
    /// compare-and-set. Returns the new revision, nil when someone else wrote the key since.
    func write(_ key: String, _ value: [UInt8], expecting expected: UInt64?) throws -> UInt64? {
        var revision: UInt64 = 0
        let status = value.withUnsafeBytes { bytes in
            if let expected {
                return kvStore_Update(&revision, store, key, bytes.baseAddress, Int32(bytes.count), expected)
            }
            return kvStore_Create(&revision, store, key, bytes.baseAddress, Int32(bytes.count))
        }
        if status == NATS_OK { return revision }
        // Refused because the key moved on; otherwise the call itself failed.
        if try entry(key)?.revision != expected { return nil }
        throw NATSError.call("writing key '\(key)' of bucket '\(name)'", status: status)
    }

    /// Stores `value` under `key` (acknowledged by the stream before this returns).
    func put(_ key: String, _ value: some Collection<UInt8>) throws {
        var revision: UInt64 = 0
        let status = Array(value).withUnsafeBytes { bytes in
            kvStore_Put(&revision, store, key, bytes.baseAddress, Int32(bytes.count))
        }
        try NATSError.check(status, "writing key '\(key)' (\(value.count) bytes) of bucket '\(name)'")
    }

    /// Removes `key` and its history.
    func purge(_ key: String) throws {
        try NATSError.check(kvStore_Purge(store, key, nil), "removing key '\(key)' of bucket '\(name)'")
    }

    /// Every key in the bucket.
    func keys() throws -> [String] {
        var list = kvKeysList()
        let status = kvStore_Keys(&list, store, nil)
        if status == NATS_NOT_FOUND { return [] }
        try NATSError.check(status, "listing the keys of bucket '\(name)'")
        defer { kvKeysList_Destroy(&list) }
        return (0..<Int(list.Count)).compactMap { list.Keys[$0].map { String(cString: $0) } }
    }
}
