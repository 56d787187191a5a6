import Foundation
import PrivacyRuntime
import XCTest
@testable import NATSSource

/// The checkpoint store in a real nats-server's key-value bucket: chunks and a manifest written last, a torn write
/// never loaded, an altered chunk refused, old chunks removed once the new manifest is in.
final class NATSCheckpointStoreTests: XCTestCase {
    private func settings() throws -> NATSConnectionSettings {
        let nats = try TestServices.require().nats()
        return NATSConnectionSettings(url: nats.url)
    }

    private func bytes(_ count: Int, seed: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    /// A store and a raw view of its bucket (as anyone with access to the bucket has).
    private func store(chunkBytes: Int) throws -> (NATSCheckpointStore, NATSKeyValueBucket, String) {
        let bucket = "ckpt-test-\(UUID().uuidString.prefix(8).lowercased())"
        let store = try NATSCheckpointStore(settings: settings(), bucket: bucket, name: "regional", chunkBytes: chunkBytes)
        let raw = try NATSKeyValueBucket(client: NATSClient(settings: settings()), name: bucket)
        return (store, raw, bucket)
    }

    func testACheckpointLargerThanAChunkIsSplitAndReadBackWhole() async throws {
        let (store, raw, _) = try store(chunkBytes: 1000)
        let loadedEmpty = try await store.load()
        XCTAssertNil(loadedEmpty, "no manifest: a first start")
        let checkpoint = StoredCheckpoint(sequence: 17, sealed: bytes(4321, seed: 1))
        try await store.save(checkpoint)
        let loaded = try await store.load()
        XCTAssertEqual(loaded, checkpoint)
        let keys = try raw.keys().sorted()
        XCTAssertEqual(keys, ["regional.chunk.17.0", "regional.chunk.17.1", "regional.chunk.17.2", "regional.chunk.17.3", "regional.chunk.17.4", "regional.manifest"])
        XCTAssertEqual(try raw.get("regional.chunk.17.4")?.count, 321)
    }

    func testTheServersMaxPayloadCapsTheChunkSize() throws {
        let (_, raw, _) = try store(chunkBytes: 1000)
        XCTAssertGreaterThan(raw.maxValueBytes, 4096)
    }

    func testOldChunksAreRemovedOnceTheNewManifestIsIn() async throws {
        let (store, raw, _) = try store(chunkBytes: 1000)
        try await store.save(StoredCheckpoint(sequence: 5, sealed: bytes(2500, seed: 2)))
        let newer = StoredCheckpoint(sequence: 9, sealed: bytes(1200, seed: 3))
        try await store.save(newer)
        XCTAssertEqual(try raw.keys().sorted(), ["regional.chunk.9.0", "regional.chunk.9.1", "regional.manifest"])
        let loaded = try await store.load()
        XCTAssertEqual(loaded, newer)
    }

    func testATornWriteWithoutItsManifestIsNeverLoadedAndItsChunksAreSweptLater() async throws {
        let (store, raw, bucket) = try store(chunkBytes: 1000)
        let complete = StoredCheckpoint(sequence: 30, sealed: bytes(1500, seed: 4))
        try await store.save(complete)
        // A later write cut off after its chunks, before its manifest: the process died there.
        try raw.put("regional.chunk.44.0", bytes(1000, seed: 5))
        try raw.put("regional.chunk.44.1", bytes(10, seed: 5))
        let restarted = try NATSCheckpointStore(settings: settings(), bucket: bucket, name: "regional", chunkBytes: 1000)
        let loaded = try await restarted.load()
        XCTAssertEqual(loaded, complete, "the previous complete checkpoint")
        try await restarted.save(StoredCheckpoint(sequence: 50, sealed: bytes(10, seed: 6)))
        XCTAssertEqual(try raw.keys().sorted(), ["regional.chunk.50.0", "regional.manifest"], "torn and superseded chunks removed")
    }

    func testAnAlteredOrMissingChunkStopsTheLoadWithOneLine() async throws {
        let (store, raw, bucket) = try store(chunkBytes: 1000)
        try await store.save(StoredCheckpoint(sequence: 8, sealed: bytes(2100, seed: 7)))
        var chunk = try XCTUnwrap(raw.get("regional.chunk.8.1"))
        chunk[10] ^= 0x40
        try raw.put("regional.chunk.8.1", chunk)
        let restarted = try NATSCheckpointStore(settings: settings(), bucket: bucket, name: "regional", chunkBytes: 1000)
        do {
            _ = try await restarted.load()
            XCTFail("an altered chunk must not load")
        } catch let error as CheckpointError {
            XCTAssertEqual(error.code, .store)
            XCTAssertTrue(error.description.contains("regional.chunk.8.1"), error.description)
            XCTAssertFalse(error.description.contains("\n"))
        }
        try raw.purge("regional.chunk.8.2")
        do {
            _ = try await restarted.load()
            XCTFail("a missing chunk must not load")
        } catch let error as CheckpointError {
            XCTAssertEqual(error.code, .store)
        }
    }

    func testKeyNamesKeepOnlyCharactersABucketAllows() {
        XCTAssertEqual(NATSCheckpointStore.keyName(policy: "regional stats/ü", shard: nil), "regional_stats__")
        XCTAssertEqual(NATSCheckpointStore.keyName(policy: "billing", shard: ShardAssignment(index: 1, count: 3)), "billing.shard-1-of-3")
    }
}
