import Foundation
import Paillier
import PrivacyRuntime
import PrivacyRuntimeTesting
import Synchronization
import XCTest

/// A batch's windows are folded on every core only when their accumulators say they may be
/// (`WindowAccumulator.foldsConcurrently`): an accumulator that keeps the default is never entered by two threads at
/// once, and either way every window's decrypted total is the sum of its readings, computed here.
final class ConcurrentFoldTests: XCTestCase {
    /// Counts the accumulators' adds in flight at once across all windows, and the most seen.
    private final class Overlap: Sendable {
        private let state = Mutex((inFlight: 0, most: 0))

        /// Runs `body` counted as one add in flight.
        func during(_ body: () -> Void) {
            state.withLock { $0.inFlight += 1; $0.most = max($0.most, $0.inFlight) }
            body()
            Thread.sleep(forTimeInterval: 0.0002)  // long enough for another thread's add to overlap this one
            state.withLock { $0.inFlight -= 1 }
        }

        /// The most adds seen in flight at once.
        var most: Int { state.withLock { $0.most } }
    }

    /// A sum that reports its adds to a shared `Overlap`, as an accumulator sharing state across windows would.
    private final class ProbedSum: WindowAccumulator {
        private var sum: CiphertextAccumulator
        private let overlap: Overlap
        let foldsConcurrently: Bool

        init(publicKey: PaillierPublicKey, overlap: Overlap, concurrent: Bool) {
            sum = CiphertextAccumulator(publicKey: publicKey)
            self.overlap = overlap
            foldsConcurrently = concurrent
        }

        func add(_ ciphertext: PaillierCiphertext) {
            overlap.during { sum.add(ciphertext) }
        }

        func add(plaintext units: Int64) { overlap.during { sum.add(plaintext: units) } }
        var ciphertextCount: Int { sum.count }
        func sealed() -> PaillierCiphertext { sum.sealed() }
    }

    private struct ProbedSumAggregator: WindowAggregator {
        let overlap: Overlap
        let concurrent: Bool

        func makeAccumulator(publicKey: PaillierPublicKey) -> any WindowAccumulator {
            ProbedSum(publicKey: publicKey, overlap: overlap, concurrent: concurrent)
        }
    }

    /// 40 households × 12 readings in one hour: one batch of 480 folds into 40 windows.
    private let readings: [TestReading] = (0..<40).flatMap { meter in
        (0..<12).map { step in
            TestReading(meterID: "m\(meter)", region: "r\(meter % 4)", timestamp: 1_704_067_200 + Int64(step) * 300,
                        energyWh: "\(meter * 13 + step * 7).\(step % 10)")
        }
    }

    private func run(concurrent: Bool, mode: String) async throws -> (totals: [WindowKey: Int64], mostInFlight: Int) {
        let overlap = Overlap()
        var registry = StageRegistry.builtIn
        registry.register(aggregator: "probed_sum") { _ in { _ in ProbedSumAggregator(overlap: overlap, concurrent: concurrent) } }
        let harness = try PolicyHarness(registry: registry)
        let run = try await harness.run(policy: """
            policy: test
            scope: household
            window: 1h
            readings: { resolution: 0.1 }
            source: { type: memory }
            encrypt: { type: paillier, public_key: "${TEST_PUBLIC_KEY}", mode: \(mode) }
            aggregate: { type: probed_sum }
            sinks: [ { type: capture } ]
            """, readings: readings)
        return (try run.decryptedTotals(), overlap.most)
    }

    /// Each meter's hour in tenths of a Wh, summed here from the readings.
    private var expected: [WindowKey: Int64] {
        readings.reduce(into: [:]) { totals, reading in
            let (whole, tenth) = (reading.energyWh.split(separator: ".")[0], reading.energyWh.split(separator: ".")[1])
            totals[WindowKey(reading.meterID, 1_704_067_200), default: 0] += Int64(whole)! * 10 + Int64(tenth)!
        }
    }

    func testAnAccumulatorThatKeepsTheDefaultIsNeverEnteredByTwoThreads() async throws {
        for mode in ["per_reading", "per_window"] {
            let result = try await run(concurrent: false, mode: mode)
            XCTAssertEqual(result.mostInFlight, 1, mode)
            XCTAssertEqual(result.totals, expected, mode)
        }
    }

    func testWindowsFoldedOnEveryCoreSumTheirReadings() async throws {
        for mode in ["per_reading", "per_window"] {
            let result = try await run(concurrent: true, mode: mode)
            XCTAssertEqual(result.totals, expected, mode)
            if ProcessInfo.processInfo.activeProcessorCount > 1 {
                XCTAssertGreaterThan(result.mostInFlight, 1, "\(mode): no two windows were ever folded at once")
            }
        }
    }
}
