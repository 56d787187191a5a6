import PrivacyRuntime
import XCTest

/// A claim's local validity: what makes an instance stop writing at once when it cannot renew.
final class PartitionLeaseTests: XCTestCase {
    private let token = FencingToken(scope: "leases", partition: 3, revision: 17)

    func testClaimIsValidUntilItsDeadlineAndThenStaysLost() async throws {
        let lease = PartitionLease(token: token, claimedAt: .now, validity: .milliseconds(300))
        XCTAssertTrue(lease.isValid)
        XCTAssertNil(lease.lostReason)
        try await Task.sleep(for: .milliseconds(400))
        XCTAssertFalse(lease.isValid)
        XCTAssertEqual(lease.lostReason, "lease not renewed within its TTL")
        // A renewal that succeeded too late does not revive it: another instance may hold the partition by now.
        XCTAssertFalse(lease.extend(sentAt: .now, validity: .seconds(10)))
        XCTAssertFalse(lease.isValid)
    }

    func testRenewalExtendsFromWhenItWasSent() async throws {
        let lease = PartitionLease(token: token, claimedAt: .now, validity: .milliseconds(300))
        let sent = ContinuousClock.now
        try await Task.sleep(for: .milliseconds(200))
        XCTAssertTrue(lease.extend(sentAt: sent + .milliseconds(150), validity: .milliseconds(300)))
        try await Task.sleep(for: .milliseconds(200))
        XCTAssertTrue(lease.isValid, "valid until sent + 150 ms + 300 ms")
        try await Task.sleep(for: .milliseconds(150))
        XCTAssertFalse(lease.isValid)
    }

    func testSurrenderEndsTheClaimAndKeepsTheFirstReason() {
        let lease = PartitionLease(token: token, claimedAt: .now, validity: .seconds(60))
        XCTAssertTrue(lease.surrender("the database refused the token"))
        XCTAssertFalse(lease.surrender("later"))
        XCTAssertFalse(lease.isValid)
        XCTAssertEqual(lease.lostReason, "the database refused the token")
        XCTAssertFalse(lease.extend(sentAt: .now, validity: .seconds(60)))
    }

    func testPlanRenewsThreeTimesPerTTLAndStopsWritingBeforeItEnds() {
        let plan = PartitionPlan(count: 8, ttl: .seconds(10))
        XCTAssertEqual(plan.maxHeld, 8)
        XCTAssertEqual(plan.renewInterval, .seconds(10) / 3)
        XCTAssertEqual(plan.validity, .seconds(8))
        XCTAssertLessThan(plan.validity, plan.ttl)
    }

    func testTokensOrderByRevision() {
        XCTAssertLessThan(token, FencingToken(scope: "leases", partition: 3, revision: 18))
        XCTAssertEqual(token.description, "partition 3 token 17 (bucket leases)")
    }
}
