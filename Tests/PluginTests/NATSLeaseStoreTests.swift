import CNATS
import Foundation
import PrivacyRuntime
import XCTest
@testable import NATSSource

/// Partition leases in a real nats-server's key-value bucket: claim, renew, conflict, expiry, growing tokens.
final class NATSLeaseStoreTests: XCTestCase {
    private func makeStore(ttl: Duration = .seconds(3)) throws -> (NATSLeaseStore, String) {
        let services = try TestServices.require()
        let bucket = "leases_test_\(UUID().uuidString.prefix(8).lowercased())"
        let store = try NATSLeaseStore(
            settings: NATSConnectionSettings(url: try services.nats().url), bucket: bucket, plan: PartitionPlan(count: 4, ttl: ttl))
        addTeardownBlock { try? Self.deleteBucket(bucket, url: try services.nats().url) }
        return (store, bucket)
    }

    func testClaimIsExclusiveUntilReleased() throws {
        let (store, _) = try makeStore()
        let first = try XCTUnwrap(try store.claim(partition: 0, holder: "a"))
        XCTAssertNil(try store.claim(partition: 0, holder: "b"), "create-if-absent refuses a held partition")
        let other = try XCTUnwrap(try store.claim(partition: 1, holder: "b"), "another partition is free")
        XCTAssertGreaterThan(other, first)
        store.release(partition: 0, lastRevision: first)
        let again = try XCTUnwrap(try store.claim(partition: 0, holder: "b"))
        XCTAssertGreaterThan(again, other, "a later claim has a higher token")
    }

    func testRenewalIsCompareAndSetOnTheLatestRevision() throws {
        let (store, _) = try makeStore()
        let claimed = try XCTUnwrap(try store.claim(partition: 2, holder: "a"))
        let renewed = try XCTUnwrap(try store.renew(partition: 2, holder: "a", lastRevision: claimed))
        XCTAssertGreaterThan(renewed, claimed)
        XCTAssertNil(try store.renew(partition: 2, holder: "stale", lastRevision: claimed), "an outdated revision loses")
        XCTAssertNotNil(try store.renew(partition: 2, holder: "a", lastRevision: renewed))
    }

    func testUnrenewedLeaseExpiresAndTheNextClaimHasAHigherToken() async throws {
        let (store, _) = try makeStore(ttl: .seconds(3))
        let claimed = try XCTUnwrap(try store.claim(partition: 3, holder: "a"))
        let renewed = try XCTUnwrap(try store.renew(partition: 3, holder: "a", lastRevision: claimed))
        XCTAssertNil(try store.claim(partition: 3, holder: "b"))
        let started = ContinuousClock.now
        var takenOver: UInt64?
        while takenOver == nil, ContinuousClock.now - started < .seconds(15) {
            try await Task.sleep(for: .milliseconds(200))
            takenOver = try store.claim(partition: 3, holder: "b")
        }
        let waited = ContinuousClock.now - started
        let token = try XCTUnwrap(takenOver, "the lease did not expire within 15 s")
        XCTAssertGreaterThanOrEqual(waited, .seconds(2), "not before the TTL")
        XCTAssertGreaterThan(token, renewed)
        XCTAssertNil(try store.renew(partition: 3, holder: "a", lastRevision: renewed), "the old holder's renewal fails")
    }

    func testExistingBucketWithAnotherTTLIsRefused() throws {
        let services = try TestServices.require()
        let (_, bucket) = try makeStore(ttl: .seconds(3))
        XCTAssertThrowsError(try NATSLeaseStore(
            settings: NATSConnectionSettings(url: try services.nats().url), bucket: bucket, plan: PartitionPlan(count: 4, ttl: .seconds(9)))
        ) { error in
            XCTAssertTrue("\(error)".contains("lease_ttl"), "\(error)")
        }
    }

    private static func deleteBucket(_ bucket: String, url: String) throws {
        let client = try NATSClient(settings: NATSConnectionSettings(url: url))
        js_DeleteKeyValue(client.jetStream, bucket)
    }
}

/// Leases in an R3 bucket on the three-node cluster (`scripts/services.sh nats-cluster-start`).
final class NATSReplicatedLeaseTests: XCTestCase {
    func testLeaseInAReplicatedBucketSurvivesTheLossOfOneNode() async throws {
        let services = try TestServices.require()
        guard let url = services.natsClusterURL else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw TestServicesError(message: "no NATS cluster") }
            throw XCTSkip("no NATS cluster; start it with `scripts/services.sh nats-cluster-start`")
        }
        let bucket = "leases_r3_\(UUID().uuidString.prefix(8).lowercased())"
        let settings = NATSConnectionSettings(url: url)
        let store = try NATSLeaseStore(settings: settings, bucket: bucket, plan: PartitionPlan(count: 2, ttl: .seconds(10)), replicas: 3)
        let claimed = try XCTUnwrap(try store.claim(partition: 0, holder: "a"))
        let renewed = try XCTUnwrap(try store.renew(partition: 0, holder: "a", lastRevision: claimed))
        // Stop the node that leads the bucket's stream, so the renewal needs a new leader.
        let leader = try NATSClusterLeader.node(of: "KV_\(bucket)", url: url)
        try services.control("nats-cluster-stop-node", leader)
        addTeardownBlock { try? services.control("nats-cluster-start") }
        // The bucket's leader may have been on the lost node: renew until a new leader answers, within the TTL.
        let started = ContinuousClock.now
        var after: UInt64?
        while after == nil, ContinuousClock.now - started < .seconds(8) {
            do {
                after = try XCTUnwrap(try store.renew(partition: 0, holder: "a", lastRevision: renewed), "the lease was lost")
            } catch let error as NATSError {
                _ = error
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        let revision = try XCTUnwrap(after, "no renewal within 8 s of losing a node")
        XCTAssertGreaterThan(revision, renewed)
        XCTAssertNil(try store.claim(partition: 0, holder: "b"), "still held after the node loss")
        print("R3 lease renewed \(ContinuousClock.now - started) after the bucket's leader (node \(leader) of 3) stopped")
        store.release(partition: 0, lastRevision: revision)
    }
}
