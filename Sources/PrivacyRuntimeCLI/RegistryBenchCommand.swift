import ArgumentParser
import Foundation
import MeterRegistry
import Policy

/// `privacy-runtime registry bench`: what checking a reading's meter signature costs, per reading, on one core.
struct RegistryBenchCommand: AsyncParsableCommand {
    /// The command's name and help.
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Ed25519 signing and verification of readings (the per-reading cost of a registry with keys) on one core.")

    /// How many readings.
    @Option(help: "Readings signed and verified.")
    var readings = 20_000

    /// Signs `readings` readings of 100 meters, then verifies each as admission does; prints µs per reading, in
    /// CPU time of the measuring thread (robust to other load) and wall-clock.
    func run() async throws {
        try await FatalErrorReport.reporting { try measure() }
    }

    private func measure() throws {
        guard readings > 0 else { throw CLIError("--readings must be positive") }
        let fleet = FleetKeys.generate(meterIDs: (0..<100).map { String(format: "M%04d", $0) })
        let keys = Dictionary(uniqueKeysWithValues: fleet.meterIDs.map { ($0, fleet.publicKey(for: $0)!) })
        let items = (0..<readings).map { index in
            (meter: String(format: "M%04d", index % 100), time: Int64(1_793_577_600 + index * 3),
             value: ExactDecimal(significand: Int64.random(in: 0...2_000_000), scale: 3))
        }
        var signatures: [String] = []
        signatures.reserveCapacity(readings)
        let signing = try Self.timed {
            for item in items { signatures.append(try fleet.signature(meterID: item.meter, timestamp: item.time, value: item.value)!) }
        }
        var valid = 0
        let verifying = try Self.timed {
            for (item, signature) in zip(items, signatures)
            where ReadingSignature.isValid(signature, meterID: item.meter, timestamp: item.time, value: item.value, key: keys[item.meter]!) {
                valid += 1
            }
        }
        guard valid == readings else { throw CLIError("only \(valid) of \(readings) signatures verified") }
        let n = Double(readings)
        print(String(format: "readings: %d; sign %.1f µs/reading CPU (%.1f wall); verify %.1f µs/reading CPU (%.1f wall): %.0f verifications per CPU second",
                     readings, signing.cpu / n, signing.wall / n, verifying.cpu / n, verifying.wall / n, n / (verifying.cpu / 1_000_000)))
    }

    /// CPU time of this thread and wall-clock time spent in `body`, in µs.
    private static func timed(_ body: () throws -> Void) rethrows -> (cpu: Double, wall: Double) {
        func now(_ clock: clockid_t) -> Double {
            var time = timespec()
            clock_gettime(clock, &time)
            return Double(time.tv_sec) * 1_000_000 + Double(time.tv_nsec) / 1_000
        }
        let cpu = now(CLOCK_THREAD_CPUTIME_ID), wall = now(CLOCK_MONOTONIC)
        try body()
        return (now(CLOCK_THREAD_CPUTIME_ID) - cpu, now(CLOCK_MONOTONIC) - wall)
    }
}
