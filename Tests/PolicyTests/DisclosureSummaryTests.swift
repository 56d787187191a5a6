import Foundation
import XCTest
@testable import Policy

final class DisclosureSummaryTests: XCTestCase {
    func testBillingPolicyWithDemoKey() throws {
        let billing = try PolicyLoader.load(contentsOf: policiesDirectory.appendingPathComponent("billing.yaml"), environment: [:])
        let facts = DisclosureSummary.Facts(keyID: "demo-utility", isDemoKey: true, keyBits: 2048,
                                            sinkDescriptions: ["SQLite database out/billing.sqlite"])
        let summary = DisclosureSummary(policy: billing, facts: facts)
        XCTAssertEqual(summary.description, """
            Policy 'household-billing': Two-hour household totals for bill calculation.
            The key holder (key demo-utility, 2048-bit Paillier, DEMO KEY) can learn:
              - per-household totals every 2h (windows aligned to midnight UTC)
              - the number of readings and of distinct meters in each window
            It cannot learn:
              - individual readings: each is encrypted on arrival (paillier), combined while encrypted (sum) and destroyed once folded into its window (zeroize)
              - a total over fewer than min_coverage 0.9 of a window's 5m intervals: a household window with fewer readings (some dropped on the way) is suppressed, and readings off the 5m grid are rejected
            Aggregates go to:
              - SQLite database out/billing.sqlite
            Windows close when the watermark passes their end: the 0.25 quantile of the latest event times of the active meters (at least 3; a meter 1h behind the fleet is left out), minus lateness 10m; readings more than 2h ahead of the fleet are rejected as future
            Retention:
              - aggregates are deleted after 400d (from sinks that can delete)
              - rejected readings are deleted after 7d
            Meter registry: none (no registry:): readings are not authenticated; household windows are per meter, so made-up meters expose no other household
            Runtime key (the runtime operator's; the key holder never has it): \(repositoryRoot.path)/examples/keys/demo-runtime.runtime-key.json
            Release: each window is released once; the release point is kept in the state directory beside the rejects files (the runtime operator's state, sealed under the runtime key); after a restart a reading for a released window is rejected (already_released), and a window open at the crash whose readings the source cannot replay is suppressed (release.incomplete: suppress)
            Integrity: every released aggregate is signed with the runtime key's Ed25519 half; decrypt --verify-with PREFIX.runtime-sign.pub.json refuses a row changed or forged in the database (a deleted row is not detected)
            Warnings:
              - key demo-utility is a demo key: its private key is published, so anyone can decrypt these aggregates
              - aggregates are kept for 400d, longer than 13 months (395d)
            """)
    }

    func testRegionalPolicyWithAProductionKeyWarnsOnlyThatItHasNoRegistry() throws {
        let regional = try PolicyLoader.load(contentsOf: policiesDirectory.appendingPathComponent("regional-statistics.yaml"), environment: [:])
        let summary = DisclosureSummary(policy: regional, facts: .init(keyID: "utility-2026", isDemoKey: false))
        XCTAssertEqual(summary.learns.first, "per-region totals every 1h, only for windows with at least 5 meters (windows aligned to midnight UTC)")
        XCTAssertEqual(summary.destinations, ["sink 'sqlite'"])
        XCTAssertEqual(summary.warnings, [
            "no registry: min_meters counts meter ids, not meters: it stops outsiders only, and the key holder can make up meters to single out one household; name a registry signed by a registry authority that is not the key holder",
        ])
        XCTAssertEqual(summary.meterRegistry, "Meter registry: none (no registry:): min_meters counts whatever meter ids arrive, so it stops outsiders only; "
            + "the key holder, who runs the broker, can publish made-up meters reporting 0 Wh beside one real meter and read that meter's exact value; "
            + "noise (`noise:`, for region policies) is what bounds an insider")
    }

    func testARegistryLineSaysWhoMustSignItAndThatNoiseBoundsAnInsider() throws {
        let key = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
        var lines = validPolicyLines
        lines[1] = "scope: region"
        lines[11] = "  type: sum\n  min_meters: 5"
        let policy = try loadPolicy((lines + ["registry:", "  path: /srv/meters.json", "  authority_key: \(key)"]).joined(separator: "\n"))
        let summary = DisclosureSummary(policy: policy, facts: .init(keyID: "k1", isDemoKey: false,
                                                                     meterRegistry: .init(meters: 40, signedMeters: 37)))
        XCTAssertEqual(summary.meterRegistry, "Meter registry: /srv/meters.json (authority key \(key), 40 meters, 37 with signing keys, signature verified): "
            + "readings of meters not in it, or for another region, are rejected as unknown_meter, and a meter with a key must sign each reading (bad_signature); "
            + "min_meters counts registered meters only. This stops the key holder only if the registry authority is not the key holder "
            + "(a registry the key holder signs lets it register made-up meters, and min_meters then stops outsiders only); "
            + "meters the key holder owns or can read still count, so noise (`noise:`, for region policies) is what bounds an insider")
        XCTAssertFalse(summary.warnings.contains { $0.hasPrefix("no registry") }, "\(summary.warnings)")
        XCTAssertTrue(summary.warnings.contains("3 of the registry's 40 meters have no signing key: their readings cannot be authenticated, so whoever runs the broker can publish readings in their names"), "\(summary.warnings)")
        XCTAssertTrue(summary.description.contains("\nMeter registry: /srv/meters.json"), summary.description)
    }

    func testEncryptionModeLineSaysWhatEachModeExposesToAMemoryReader() throws {
        let billing = try PolicyLoader.load(contentsOf: policiesDirectory.appendingPathComponent("billing.yaml"), environment: [:])
        let unknown = DisclosureSummary(policy: billing, facts: .init(keyID: "k1", isDemoKey: false))
        XCTAssertNil(unknown.encryption)
        XCTAssertFalse(unknown.description.contains("Encryption:"))
        let perReading = DisclosureSummary(policy: billing, facts: .init(keyID: "k1", isDemoKey: false, encryptionMode: .perReading))
        XCTAssertEqual(perReading.protections, unknown.protections)
        XCTAssertTrue(perReading.description.contains("\nEncryption: per_reading (every reading is encrypted on its own;"), perReading.description)
        let perWindow = DisclosureSummary(policy: billing, facts: .init(keyID: "k1", isDemoKey: false, encryptionMode: .perWindow))
        XCTAssertEqual(perWindow.protections, [
            "individual readings: each is added as a plaintext into its window's fresh encryption (paillier, per_window) and destroyed once folded into its window (zeroize)",
            "a total over fewer than min_coverage 0.9 of a window's 5m intervals: a household window with fewer readings (some dropped on the way) is suppressed, and readings off the 5m grid are rejected",
        ])
        XCTAssertEqual(perWindow.encryption, "Encryption: " + EncryptionMode.perWindow.explanation)
        XCTAssertTrue(perWindow.encryption!.contains("exact sum of the readings folded into that window after the snapshot, without the private key"))
        XCTAssertTrue(perWindow.encryption!.contains("the whole sum of each of the next 1,024 windows at most"))
    }

    func testRuntimeKeyLineSaysWhichKeyOrThatNoneIsConfigured() throws {
        let billing = try PolicyLoader.load(contentsOf: policiesDirectory.appendingPathComponent("billing.yaml"), environment: [:])
        let path = try XCTUnwrap(billing.runtimeKeyPath).path
        let demo = DisclosureSummary(policy: billing, facts: .init(keyID: "k1", isDemoKey: false, runtimeKey: "key 0011223344556677 'demo'",
                                                                   isDemoRuntimeKey: true))
        XCTAssertEqual(demo.runtimeKey, "Runtime key (the runtime operator's; the key holder never has it): \(path), key 0011223344556677 'demo'")
        XCTAssertEqual(demo.integrity, "Integrity: every released aggregate is signed with the runtime key's Ed25519 half (key 0011223344556677 'demo'); "
            + "decrypt --verify-with PREFIX.runtime-sign.pub.json refuses a row changed or forged in the database (a deleted row is not detected)")
        XCTAssertEqual(demo.warnings.first, "the runtime key is a demo key: its secret is published, so it protects nothing (anyone can make its HMACs and signatures and open what it seals)")

        let none = try loadPolicy(validPolicyLines.joined(separator: "\n"))
        let summary = DisclosureSummary(policy: none, facts: .init(keyID: "k1", isDemoKey: false))
        XCTAssertEqual(summary.runtimeKey, "Runtime key: none configured (no runtime_key:); rejects keep no HMAC of a rejected line")
        XCTAssertTrue(summary.description.contains("\nRuntime key: none configured (no runtime_key:); rejects keep no HMAC of a rejected line\nRelease: "), summary.description)
        XCTAssertEqual(summary.integrity, "Integrity: aggregates are not signed (no runtime_key:); decrypt cannot tell a row changed or forged in the database from a released one")
        XCTAssertTrue(summary.description.contains("\n\(summary.integrity)\nWarnings:\n"), summary.description)
        XCTAssertTrue(summary.warnings.contains("no runtime_key: rejects files keep no HMAC-SHA-256 of a rejected line, so a reject cannot be matched to the line the meter sent; set runtime_key"), "\(summary.warnings)")
    }

    func testRiskySettingsDrawWarnings() throws {
        var lines = validPolicyLines
        lines[1] = "scope: region"
        lines[2] = "window: 15m"
        lines[3] = "lateness: 1m"
        lines[11] = "  type: sum\n  min_meters: 3\n  allow_small_groups: \"three-household pilot\""
        lines[12] = "timezone: Europe/Berlin"
        lines[13] = "on_shutdown: {open_windows: release}"
        let region = try loadPolicy(lines.joined(separator: "\n"))
        let summary = DisclosureSummary(policy: region, facts: .init(keyID: "k1", isDemoKey: false))
        XCTAssertEqual(summary.learns, [
            "per-region totals every 15m, only for windows with at least 3 meters (windows aligned to midnight Europe/Berlin)",
            "the number of readings and of distinct meters in each window",
            "totals of partial windows still open when the runtime stops",
        ])
        XCTAssertEqual(summary.warnings, [
            "min_meters is 3 (allow_small_groups: \"three-household pilot\"): a region window with fewer than 5 meters can expose individual households",
            "no registry: min_meters counts meter ids, not meters: it stops outsiders only, and the key holder can make up meters to single out one household; name a registry signed by a registry authority that is not the key holder",
            "no runtime_key: rejects files keep no HMAC-SHA-256 of a rejected line, so a reject cannot be matched to the line the meter sent; set runtime_key",
            "aggregates are kept indefinitely; set retention.aggregates (at most 395d recommended)",
        ])

        let household = try loadPolicy(policy(replacing: 3, with: "window: 20m").replacingOccurrences(of: "lateness: 10m", with: "lateness: 1m"))
        XCTAssertEqual(DisclosureSummary(policy: household, facts: .init(keyID: "k1", isDemoKey: false)).warnings, [
            "household windows of 20m are shorter than 30m: totals this fine can reveal daily routines",
            "no runtime_key: rejects files keep no HMAC-SHA-256 of a rejected line, so a reject cannot be matched to the line the meter sent; set runtime_key",
        ])

        let fastestClock = try loadPolicy(policy(appending: "watermark:", "  quantile: 0.9"))
        XCTAssertEqual(DisclosureSummary(policy: fastestClock, facts: .init(keyID: "k1", isDemoKey: false)).warnings.first,
                       "watermark.quantile is 0.9, above 0.5: a minority of meters with fast clocks can move the watermark, and other meters' readings are then rejected as late (0.5 or lower recommended)")
    }

    func testAHouseholdPolicyWithoutAnIntervalSaysDroppedReadingsShortenItsWindows() throws {
        let without = try loadPolicy(validPolicyLines.joined(separator: "\n"))
        let summary = DisclosureSummary(policy: without, facts: .init(keyID: "k1", isDemoKey: false))
        XCTAssertEqual(summary.learns[1], "totals over less than a window: without readings.interval, whoever runs the broker can drop a meter's readings for part of its window, and the released total then covers only the rest (one hour of a 2h window is an hourly value); declare readings.interval to suppress such windows")
        XCTAssertEqual(summary.protections.count, 1)
        let with = try loadPolicy(policy(appending: "readings:", "  interval: 15m", "  min_coverage: 1"))
        let guarded = DisclosureSummary(policy: with, facts: .init(keyID: "k1", isDemoKey: false))
        XCTAssertFalse(guarded.learns.contains { $0.contains("readings.interval") }, "\(guarded.learns)")
        XCTAssertEqual(guarded.protections.last, "a total over fewer than min_coverage 1 of a window's 15m intervals: a household window with fewer readings (some dropped on the way) is suppressed, and readings off the 15m grid are rejected")
    }
}
