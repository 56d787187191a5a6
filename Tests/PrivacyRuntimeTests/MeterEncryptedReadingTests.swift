import Foundation
import Paillier
import Policy
import PrivacyRuntimeTesting
import XCTest
@testable import PrivacyRuntime

/// Readings encrypted at the meter (`readings.encoding`), run through a billing and a regional policy over one JSON
/// Lines file with plain and encrypted readings, duplicates, late and malformed rows and bad ciphertexts; the
/// decrypted aggregates must equal sums computed here from the good rows, and every bad row must be rejected with its
/// reason.
final class MeterEncryptedReadingTests: XCTestCase {
    private struct Reading {
        let meter: String
        let region: String
        let time: Int64
        /// The value in mWh (units of resolution 0.001).
        let milliWh: Int64
        let encrypted: Bool
    }

    private let start: Int64 = 1_704_067_200  // 2024-01-01T00:00:00Z
    /// What a meter uses: standard obfuscation, r^n mod n².
    private static let meter = try! PaillierEncryptor(publicKey: TestKeys.publicKey, obfuscation: .standard)

    func testEncryptedFleetPerReadingMatchesSums() async throws {
        try await run(encoding: "encrypted", mode: .perReading) { _ in true }
    }

    func testEncryptedFleetPerWindowMatchesSums() async throws {
        try await run(encoding: "encrypted", mode: .perWindow) { _ in true }
    }

    func testMixedFleetPerReadingMatchesSums() async throws {
        try await run(encoding: "either", mode: .perReading) { $0 == "m1" || $0 == "m3" }
    }

    func testMixedFleetPerWindowMatchesSums() async throws {
        try await run(encoding: "either", mode: .perWindow) { $0 == "m1" || $0 == "m3" }
    }

    /// With m1 rejected, three meters remain (the watermark's default `min_meters`), and north's all-zero hour is all
    /// plain: withheld as every reading at readings.min.
    func testPlainPolicyRejectsEncryptedReadingsAndSumsThePlainOnes() async throws {
        try await run(encoding: "plain", mode: .perReading) { $0 == "m1" }
    }

    func testEncryptedPolicyRejectsPlainReadings() async throws {
        try await run(encoding: "encrypted", mode: .perWindow) { $0 != "m2" }
    }

    /// One batch of encrypted readings with a ciphertext not coprime to n (7n, in range) among them: the batch's
    /// coprimality test fails, so its readings are checked one by one; only the bad one is rejected (bad_ciphertext),
    /// and the hour's aggregate decrypts to the sum of the others.
    func testBatchWithOneCiphertextNotCoprimeRejectsOnlyIt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let key = TestKeys.publicKey
        let value = { (v: String) in #"{"v":"\#(v)","e":0,"key_id":"\#(key.keyID)"}"# }
        let row = { (meter: Int, minutes: Int64, v: String) in
            #"{"meter_id":"m\#(meter)","region":"north","timestamp":"\#(RFC3339.format(self.start + minutes * 60))","energy_wh":\#(value(v))}"#
        }
        var lines: [String] = []
        var expectedSum: Int64 = 0
        for meter in 0..<9 {
            for step in 0..<4 {
                let milliWh = Int64(10_000 * meter + 137 * step + 5)
                expectedSum += milliWh
                lines.append(row(meter, Int64(step) * 15, "\(Self.meter.encrypt(milliWh).value)"))
            }
        }
        let badLine = 11
        lines.insert(row(99, 15, "\(key.n * BigInteger(7))"), at: badLine - 1)
        try directory.write("readings.jsonl", lines.joined(separator: "\n") + "\n")

        let registry = StageRegistry.builtIn
        let policy = try PolicyLoader.load(yaml: policyYAML(name: "regional", scope: "region", window: "1h", minMeters: 2,
                                                            encoding: "encrypted", mode: .perReading),
                                           fileName: "regional.yaml", baseDirectory: directory.url, environment: [:], catalog: registry)
        let summary = try await PipelineRunner(policies: [policy], registry: registry).run()

        XCTAssertEqual(summary.policies.map(\.accepted), [lines.count - 1])
        let rejects = try directory.jsonLines(prefix: "rejects.")
        XCTAssertEqual(rejects.map { $0["line"] as? Int }, [badLine])
        XCTAssertEqual(rejects.map { $0["reason"] as? String }, ["bad_ciphertext"])
        var totals: [Int64] = []
        try JSONLAggregateReader(path: directory.path("regional.jsonl")).forEach {
            totals.append(try TestKeys.decrypt(decimal: $0.ciphertext))
        }
        XCTAssertEqual(totals, [expectedSum])
    }

    /// A fleet of m1–m3 in north and m4 alone in south, a reading every 15 minutes for 6 hours; meters for which
    /// `encrypts` is true send ciphertexts. North's readings in hour 5 are all 0: a cell a plain run withholds as
    /// "every reading at readings.min", released here when one of its readings is encrypted (the runtime cannot know).
    private func run(encoding: String, mode: EncryptionMode, encrypts: (String) -> Bool) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let meters = [("m1", "north"), ("m2", "north"), ("m3", "north"), ("m4", "south")]
        var readings: [Reading] = []
        for step in 0..<24 {
            for (index, (meter, region)) in meters.enumerated() {
                let zero = step >= 20 && region == "north"
                readings.append(Reading(meter: meter, region: region, time: start + Int64(step) * 900,
                                        milliWh: zero ? 0 : Int64(100_000 * (index + 1) + 1000 * step + (step * 37 + index * 11) % 1000),
                                        encrypted: encrypts(meter)))
            }
        }
        let acceptsPlain = encoding != "encrypted", acceptsEncrypted = encoding != "plain"
        let key = TestKeys.publicKey
        let valid = "\(Self.meter.encrypt(5).value)"
        let t = { (minutes: Int64) in RFC3339.format(self.start + minutes * 60) }
        let encryptedValue = { (v: String, e: String, kid: String) in #"{"v":"\#(v)","e":\#(e),"key_id":"\#(kid)"}"# }
        let row = { (meter: String, region: String, time: String, value: String) in
            #"{"meter_id":"\#(meter)","region":"\#(region)","timestamp":"\#(time)","energy_wh":\#(value)}"#
        }
        // Rows inserted after the given number of good rows, with the reason each policy must give.
        let encryptedReason = { (reason: String) in acceptsEncrypted ? reason : "wrong_encoding" }
        let bad: [(after: Int, text: String, reason: String)] = [
            (3, "garbage", "malformed"),
            (4, row("m2", "north", t(16), encryptedValue("00\(valid)", "0", key.keyID)), "bad_ciphertext"),
            (5, row("m2", "north", t(17), #"{"e":0,"key_id":"\#(key.keyID)"}"#), "bad_ciphertext"),
            (6, row("m1", "north", t(15), encryptedValue(valid, "0", "0123456789abcdef")), encryptedReason("wrong_key")),
            (7, row("m2", "north", t(15), encryptedValue("0", "0", key.keyID)), encryptedReason("bad_ciphertext")),
            (8, row("m3", "north", t(15), encryptedValue("\(key.n * key.n)", "0", key.keyID)), encryptedReason("bad_ciphertext")),
            (9, row("m1", "north", t(30), encryptedValue("\(key.n)", "0", key.keyID)), encryptedReason("bad_ciphertext")),
            (10, row("m2", "north", t(30), encryptedValue("\(key.n * BigInteger(7))", "0", key.keyID)), encryptedReason("bad_ciphertext")),
            (11, row("m3", "north", t(30), encryptedValue(valid, "-2", key.keyID)), encryptedReason("bad_ciphertext")),
            (20, row("m1", "north", t(60), encryptedValue(valid, "0", key.keyID)), encryptedReason("duplicate")),
            (21, row("m2", "north", t(60), "5"), acceptsPlain ? "duplicate" : "wrong_encoding"),
            (84, row("m1", "north", t(90), encryptedValue(valid, "0", key.keyID)), encryptedReason("late")),
            (85, row("m4", "south", t(90), "7"), acceptsPlain ? "late" : "wrong_encoding"),
        ]
        var lines: [String] = []
        var expectedRejects: [Int: String] = [:]
        var nextBad = 0
        var good: [Reading] = []
        for (index, reading) in readings.enumerated() {
            while nextBad < bad.count, bad[nextBad].after == index {
                lines.append(bad[nextBad].text)
                expectedRejects[lines.count] = bad[nextBad].reason
                nextBad += 1
            }
            let value = reading.encrypted
                ? encryptedValue("\(Self.meter.encrypt(reading.milliWh).value)", "0", key.keyID)
                : "\(reading.milliWh / 1000).\(String(format: "%03d", reading.milliWh % 1000))"
            lines.append(row(reading.meter, reading.region, RFC3339.format(reading.time), value))
            if reading.encrypted ? acceptsEncrypted : acceptsPlain {
                good.append(reading)
            } else {
                expectedRejects[lines.count] = "wrong_encoding"
            }
        }
        try directory.write("readings.jsonl", lines.joined(separator: "\n") + "\n")

        let registry = StageRegistry.builtIn
        let policies = try [("billing", "household", "2h", 1), ("regional", "region", "1h", 2)].map { name, scope, window, minMeters in
            try PolicyLoader.load(yaml: policyYAML(name: name, scope: scope, window: window, minMeters: minMeters,
                                                   encoding: encoding, mode: mode),
                                  fileName: "\(name).yaml", baseDirectory: directory.url, environment: [:], catalog: registry)
        }
        let summary = try await PipelineRunner(policies: policies, registry: registry).run()

        var householdSums: [String: Int64] = [:]
        var regionSums: [String: Int64] = [:]
        var regionMeters: [String: Set<String>] = [:]
        for reading in good {
            householdSums["\(reading.meter)@\(reading.time / 7200 * 7200)", default: 0] += reading.milliWh
            let cell = "\(reading.region)@\(reading.time / 3600 * 3600)"
            regionSums[cell, default: 0] += reading.milliWh
            regionMeters[cell, default: []].insert(reading.meter)
        }
        var released = regionSums.filter { regionMeters[$0.key]!.count >= 2 }
        // North's all-zero hour is withheld only when the runtime saw every one of its readings.
        let zeroCell = "north@\(start + 5 * 3600)"
        let zeroCellHasEncrypted = good.contains { $0.region == "north" && $0.time / 3600 * 3600 == start + 5 * 3600 && $0.encrypted }
        if let total = released[zeroCell] {
            XCTAssertEqual(total, 0)
            if !zeroCellHasEncrypted {
                // Withheld, and so is hour 4 of north (secondary suppression): with the 04:00–06:00 household totals
                // released, hour 4's total would give hour 5's.
                released[zeroCell] = nil
                released["north@\(start + 4 * 3600)"] = nil
            }
        }

        for (file, expected) in [("billing.jsonl", householdSums), ("regional.jsonl", released)] {
            var decrypted: [String: Int64] = [:]
            try JSONLAggregateReader(path: directory.path(file)).forEach {
                decrypted["\($0.scopeKey)@\($0.windowStart)"] = try TestKeys.decrypt(decimal: $0.ciphertext)
            }
            XCTAssertEqual(decrypted, expected, file)
        }
        XCTAssertEqual(summary.policies.map(\.accepted), [good.count, good.count])

        let rejects = try directory.jsonLines(prefix: "rejects.")
        for policy in ["billing", "regional"] {
            let mine = rejects.filter { $0["policy"] as? String == policy }
            let got = Dictionary(uniqueKeysWithValues: mine.map { ($0["line"] as! Int, $0["reason"] as! String) })
            XCTAssertEqual(got, expectedRejects, policy)
        }
        // Rejects never carry a ciphertext's digits (nor any value).
        let rejectsText = try rejects.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }.joined()
        XCTAssertFalse(rejectsText.contains(String(valid.prefix(40))))
        var counted: [String: Int] = [:]
        for reason in expectedRejects.values { counted[reason, default: 0] += 1 }
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: summary.policies[0].rejected.map { ($0.key.rawValue, $0.value) }), counted)
    }

    private func policyYAML(name: String, scope: String, window: String, minMeters: Int, encoding: String,
                            mode: EncryptionMode) -> String {
        """
        policy: \(name)
        scope: \(scope)
        window: \(window)
        lateness: 10m
        readings:
          encoding: \(encoding)
        source:
          type: jsonl
          path: readings.jsonl
        encrypt:
          type: paillier
          public_key: \(TestKeys.publicKeyURL.path)
          mode: \(mode.rawValue)
        aggregate:
          type: sum
          min_meters: \(minMeters)\(scope == "region" ? "\n  allow_small_groups: \"test fleet\"" : "")
        sinks:
          - type: jsonl
            path: \(name).jsonl
        rejects: rejects.jsonl
        """
    }
}
