import Policy
import PrivacyRuntimeTesting
import XCTest
@testable import PrivacyRuntime

/// Which policies can run together: windows must nest once time zones are counted (the gcd of the windows and of the
/// zones' offsets), one window per scope, the same admission rules.
final class JointReleasePlanTests: XCTestCase {
    private func policy(_ scope: String, _ window: String, zone: String? = nil, lateness: String = "10m",
                        registry: String? = nil) throws -> Policy {
        try PolicyLoader.load(yaml: """
            policy: \(scope)-\(window)-\((zone ?? "utc").replacingOccurrences(of: "/", with: "."))
            scope: \(scope)
            window: \(window)
            \(zone.map { "timezone: \($0)" } ?? "")
            lateness: \(lateness)
            source:
              type: stdin
            encrypt:
              type: paillier
              public_key: \(TestKeys.publicKeyURL.path)
            aggregate:
              type: sum
              min_meters: \(scope == "region" ? 5 : 1)
            sinks:
              - type: stdout
            \(registry.map { "registry: {path: \($0), authority_key: 11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo}" } ?? "")
            """, fileName: "p.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"), environment: [:], catalog: StageRegistry.builtIn)
    }

    /// A 1h region policy with `noise:` and readings on a 5m grid capped at 1 kWh (other rules than the helpers').
    private func noisyRegion() throws -> Policy {
        try PolicyLoader.load(yaml: """
            policy: noisy-region
            scope: region
            window: 1h
            lateness: 5m
            readings: { interval: 5m, max: 1000 }
            source: { type: stdin }
            encrypt: { type: paillier, public_key: \(TestKeys.publicKeyURL.path) }
            aggregate: { type: sum }
            noise: { mechanism: discrete_laplace, epsilon: 1, contribution_bound: 12000 }
            sinks: [ { type: sqlite, path: n.db } ]
            """, fileName: "n.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"), environment: [:], catalog: nil)
    }

    func testNoisyRegionPoliciesTakeNoPartInTheJointRelease() throws {
        let noisy = try noisyRegion(), household = try policy("household", "2h"), region = try policy("region", "1h")
        XCTAssertNil(refusal([noisy, household]), "other readings rules and lateness do not matter beside noise")
        XCTAssertNil(try JointReleasePlan.make(for: [noisy, household]), "a noisy region needs no joint release")
        let plan = try XCTUnwrap(try JointReleasePlan.make(for: [noisy, household, region]))
        XCTAssertEqual(plan.regionWindow, 3600)
        XCTAssertEqual(plan.householdWindow, 7200)
    }

    private func refusal(_ policies: [Policy]) -> String? {
        do {
            _ = try JointReleasePlan.make(for: policies)
            return nil
        } catch {
            return error.description
        }
    }

    func testNestingWindowsAcrossTimeZonesArePlannedWithTheirAtomAndHold() throws {
        let berlin = try XCTUnwrap(JointReleasePlan.make(for: [policy("household", "2h", zone: "Europe/Berlin"), policy("region", "1h")]))
        XCTAssertEqual([berlin.atom, berlin.regionWindow, berlin.householdWindow, berlin.hold], [3600, 3600, 7200, 3600])
        let day = try XCTUnwrap(JointReleasePlan.make(for: [policy("region", "15m"), policy("household", "1d", zone: "Europe/Berlin")]))
        XCTAssertEqual([day.atom, day.hold], [900, 86_400 - 900])
    }

    func testWindowsThatDoNotNestAreRefusedWithTheSpanTheyResolve() throws {
        let cases: [([Policy], String)] = [
            ([try policy("household", "2h", zone: "Europe/Berlin"), try policy("region", "2h")], "together resolve 1h"),
            ([try policy("household", "45m"), try policy("region", "1h")], "together resolve 15m"),
            ([try policy("household", "1d", zone: "Asia/Calcutta"), try policy("region", "1h")], "together resolve 30m"),
            ([try policy("region", "1h"), try policy("region", "2h")], "do not share one window"),
            ([try policy("region", "1h"), try policy("household", "2h"), try policy("household", "1d")], "do not share one window"),
            ([try policy("region", "1h"), try policy("household", "2h", lateness: "5m")], "admit different readings (lateness 10m vs 5m)"),
            // A meter only one registry admits is in one policy's aggregates only.
            ([try policy("region", "1h", registry: "meters.json"), try policy("household", "2h")], "admit different readings (registry)"),
        ]
        for (policies, reason) in cases {
            let names = policies.map(\.name).joined(separator: " + ")
            XCTAssertTrue(refusal(policies)?.contains(reason) ?? false, "\(names): \(refusal(policies) ?? "accepted")")
        }
    }

    func testRunsThatNeedNoJointReleaseAreLeftAsTheyAre() throws {
        XCTAssertNil(try JointReleasePlan.make(for: [policy("region", "1h")]))
        XCTAssertNil(try JointReleasePlan.make(for: [policy("household", "2h"), policy("household", "1d", lateness: "5m")]))
        XCTAssertNil(try JointReleasePlan.make(for: [policy("region", "1h"), policy("region", "1h", lateness: "5m")]))
    }

    /// A billing policy's registers sum chosen hours of a day, which the joint release does not model: refused beside
    /// region policies, even where its daily period would nest.
    func testABillingPolicyBesideRegionPoliciesIsRefused() throws {
        let billing = try PolicyLoader.load(yaml: """
            policy: tou
            scope: household
            billing_period: 1d
            lateness: 10m
            readings: {interval: 15m}
            tariff: {currency: EUR, versions: [{effective: 2026-01-01, bands: [{name: flat, price: 0.3}]}]}
            source: {type: stdin}
            encrypt: {type: paillier, public_key: \(TestKeys.publicKeyURL.path)}
            aggregate: {type: sum}
            sinks: [{type: stdout}]
            """, fileName: "p.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"), environment: [:], catalog: StageRegistry.builtIn)
        XCTAssertThrowsError(try JointReleasePlan.make(for: [policy("region", "1h"), billing])) { error in
            XCTAssertTrue("\(error)".hasPrefix("billing policy 'tou' (1d in UTC) releases per-band registers"), "\(error)")
        }
        XCTAssertNil(try JointReleasePlan.make(for: [billing]))
    }
}
