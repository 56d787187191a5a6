import Foundation
import Paillier
import Policy
import PrivacyRuntimeTesting
import XCTest
@testable import PrivacyRuntime

/// Coprimality of readings encrypted at the meter is checked by the fold, from each window's sum, after admission took
/// them in. A reading the fold refuses must leave no trace a check before admission would not have left: the key
/// holder, who can publish made-up readings, must not be able to lift a small group over `min_meters` with ciphertexts
/// that are not units, nor open a window with them, nor cost a meter its corrected resend.
final class FoldRefusalTests: XCTestCase {
    private let start: Int64 = 1_704_067_200  // 2024-01-01T00:00:00Z
    private static let meter = try! PaillierEncryptor(publicKey: TestKeys.publicKey, obfuscation: .standard)

    /// A sum that keeps `WindowAccumulator.addCheckingUnits`' default (nil): the runtime checks the ciphertexts before
    /// folding them. It refuses to fold a ciphertext that is not a unit, so a check that let one through fails the run.
    private final class DefaultCheckingSum: WindowAccumulator {
        private var sum: CiphertextAccumulator

        init(publicKey: PaillierPublicKey) { sum = CiphertextAccumulator(publicKey: publicKey) }

        func add(_ ciphertext: PaillierCiphertext) {
            sum.add(ciphertext)
            precondition(sum.isUnit, "a ciphertext that is not a unit reached the accumulator")
        }

        func add(plaintext units: Int64) { sum.add(plaintext: units) }
        var ciphertextCount: Int { sum.count }
        func sealed() -> PaillierCiphertext { sum.sealed() }
    }

    private struct DefaultCheckingSumAggregator: WindowAggregator {
        func makeAccumulator(publicKey: PaillierPublicKey) -> any WindowAccumulator { DefaultCheckingSum(publicKey: publicKey) }
    }

    /// One batch: north has two honest meters and a made-up third whose ciphertext is 7n (in range, not a unit), so
    /// north must stay withheld at `min_meters: 3`; east's m10 first sends 5n, then its real reading for the same
    /// time, which must count; south has only a made-up reading, so no south window may exist at all. Every refused
    /// line is rejected as bad_ciphertext, and east's released total is the honest sum. Both with the built-in sum
    /// (checked from the sum) and with an accumulator that leaves the check to the runtime.
    func testRefusedReadingsLeaveNoMeterNoWindowAndNoDuplicateBehind() async throws {
        for (mode, aggregator) in [(EncryptionMode.perReading, "sum"), (.perWindow, "sum"), (.perReading, "default_checking_sum"),
                                   (.perWindow, "default_checking_sum")] {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let key = TestKeys.publicKey
            let row = { (meter: String, region: String, minutes: Int64, v: String) in
                #"{"meter_id":"\#(meter)","region":"\#(region)","timestamp":"\#(RFC3339.format(self.start + minutes * 60))","energy_wh":{"v":"\#(v)","e":0,"key_id":"\#(key.keyID)"}}"#
            }
            var lines: [String] = []
            var eastSum: Int64 = 0
            var badLines: [Int] = []
            for step in 0..<4 {
                let minutes = Int64(step * 15)
                for (index, (meter, region)) in [("m1", "north"), ("m2", "north"), ("m10", "east"), ("m11", "east"),
                                                 ("m12", "east")].enumerated() {
                    let milliWh = Int64(1_000 * (index + 1) + 7 * step)
                    if meter == "m10" && step == 1 {
                        lines.append(row(meter, region, minutes, "\(key.n * BigInteger(5))"))
                        badLines.append(lines.count)
                    }
                    lines.append(row(meter, region, minutes, "\(Self.meter.encrypt(milliWh).value)"))
                    if region == "east" { eastSum += milliWh }
                }
            }
            lines.append(row("m98", "north", 30, "\(key.n * BigInteger(7))"))
            badLines.append(lines.count)
            lines.append(row("m99", "south", 45, "\(key.n * BigInteger(11))"))
            badLines.append(lines.count)
            try directory.write("readings.jsonl", lines.joined(separator: "\n") + "\n")

            var registry = StageRegistry.builtIn
            registry.register(aggregator: "default_checking_sum") { _ in { _ in DefaultCheckingSumAggregator() } }
            let policy = try PolicyLoader.load(yaml: policyYAML(mode: mode, aggregator: aggregator), fileName: "regional.yaml",
                                               baseDirectory: directory.url, environment: [:], catalog: registry)
            let summary = try await PipelineRunner(policies: [policy], registry: registry).run()

            XCTAssertEqual(summary.policies.map(\.accepted), [lines.count - badLines.count], "\(mode) \(aggregator)")
            let rejects = try directory.jsonLines(prefix: "rejects.")
            XCTAssertEqual(rejects.compactMap { $0["line"] as? Int }.sorted(), badLines, "\(mode) \(aggregator)")
            XCTAssertEqual(Set(rejects.compactMap { $0["reason"] as? String }), ["bad_ciphertext"], "\(mode) \(aggregator)")
            var released: [String: (total: Int64, meters: Int, readings: Int)] = [:]
            try JSONLAggregateReader(path: directory.path("regional.jsonl")).forEach {
                released[$0.scopeKey] = (try TestKeys.decrypt(decimal: $0.ciphertext), $0.meters, $0.readings)
            }
            XCTAssertEqual(Array(released.keys), ["east"], "\(mode) \(aggregator): north withheld, no south window")
            XCTAssertEqual(released["east"]?.total, eastSum, "\(mode) \(aggregator)")
            XCTAssertEqual(released["east"]?.meters, 3, "\(mode) \(aggregator)")
            XCTAssertEqual(released["east"]?.readings, 12, "\(mode) \(aggregator)")
            XCTAssertEqual(summary.policies.map(\.windowsSuppressed), [1], "\(mode) \(aggregator): north only; south never opened")
        }
    }

    private func policyYAML(mode: EncryptionMode, aggregator: String) -> String {
        """
        policy: regional
        scope: region
        window: 1h
        lateness: 10m
        readings: { encoding: encrypted }
        source: { type: jsonl, path: readings.jsonl }
        encrypt: { type: paillier, public_key: "\(TestKeys.publicKeyURL.path)", mode: \(mode.rawValue) }
        aggregate: { type: \(aggregator), min_meters: 3, allow_small_groups: "test fleet" }
        sinks: [ { type: jsonl, path: regional.jsonl } ]
        rejects: rejects.jsonl
        """
    }
}
