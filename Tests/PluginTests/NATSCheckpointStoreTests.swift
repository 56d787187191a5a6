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

    /// A paused holder that lost its partition cannot replace the checkpoint of the instance that took it over: the
    /// manifest is written by compare-and-set against the revision the store last saw, and the claim is surrendered.
    func testAStoreWhoseCheckpointWasOverwrittenSinceCannotWriteAndSurrendersItsClaim() async throws {
        let bucket = "ckpt-fence-\(UUID().uuidString.prefix(8).lowercased())"
        let oldLease = PartitionLease(token: FencingToken(scope: "leases", partition: 0, revision: 3), claimedAt: .now, validity: .seconds(60))
        let newLease = PartitionLease(token: FencingToken(scope: "leases", partition: 0, revision: 7), claimedAt: .now, validity: .seconds(60))
        let paused = try NATSCheckpointStore(settings: settings(), bucket: bucket, name: "regional.shard-0-of-2", chunkBytes: 1000, lease: oldLease)
        try await paused.save(StoredCheckpoint(sequence: 10, sealed: bytes(1500, seed: 7)))
        let successor = try NATSCheckpointStore(settings: settings(), bucket: bucket, name: "regional.shard-0-of-2", chunkBytes: 1000, lease: newLease)
        let taken = try await successor.load()
        XCTAssertEqual(taken?.sequence, 10)
        let newer = StoredCheckpoint(sequence: 25, sealed: bytes(1200, seed: 8))
        try await successor.save(newer)

        do {
            try await paused.save(StoredCheckpoint(sequence: 12, sealed: bytes(1300, seed: 9)))
            XCTFail("the paused holder replaced its successor's checkpoint")
        } catch {
            XCTAssertTrue("\(error)".contains("written by another instance"), "\(error)")
        }
        XCTAssertFalse(oldLease.isValid, "the claim is surrendered")
        XCTAssertTrue(newLease.isValid)
        let loaded = try await successor.load()
        XCTAssertEqual(loaded, newer, "the successor's checkpoint stands")
        let raw = try NATSKeyValueBucket(client: NATSClient(settings: settings()), name: bucket)
        XCTAssertTrue(try raw.keys().contains("regional.shard-0-of-2.chunk.t7.25.0"), "chunks carry their writer's token")
    }

    /// A store writes nothing once its partition's lease has lapsed.
    func testAStoreWritesNothingOnceItsLeaseLapsed() async throws {
        let (_, raw, bucket) = try store(chunkBytes: 1000)
        let lease = PartitionLease(token: FencingToken(scope: "leases", partition: 1, revision: 4), claimedAt: .now, validity: .milliseconds(50))
        let fenced = try NATSCheckpointStore(settings: settings(), bucket: bucket, name: "regional", chunkBytes: 1000, lease: lease)
        try await Task.sleep(for: .milliseconds(100))
        do {
            try await fenced.save(StoredCheckpoint(sequence: 3, sealed: bytes(900, seed: 1)))
            XCTFail("a store with a lapsed lease wrote a checkpoint")
        } catch {
            XCTAssertTrue("\(error)".contains("not writing the checkpoint"), "\(error)")
        }
        XCTAssertEqual(try raw.keys(), [], "nothing written")
    }
}
