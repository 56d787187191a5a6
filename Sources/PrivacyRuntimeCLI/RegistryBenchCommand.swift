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

    /// Signs `readings` readings of 100 meters, then verifies each as admission does; prints µs per reading.
    func run() async throws {
        try await FatalErrorReport.reporting {
            guard readings > 0 else { throw CLIError("--readings must be positive") }
            let fleet = FleetKeys.generate(meterIDs: (0..<100).map { String(format: "M%04d", $0) })
            let keys = Dictionary(uniqueKeysWithValues: fleet.meterIDs.map { ($0, fleet.publicKey(for: $0)!) })
            let items = (0..<readings).map { index in
                (meter: String(format: "M%04d", index % 100), time: Int64(1_793_577_600 + index * 3),
                 value: ExactDecimal(significand: Int64.random(in: 0...2_000_000), scale: 3))
            }
            let clock = ContinuousClock()
            var signatures: [String] = []
            signatures.reserveCapacity(readings)
            let signing = try clock.measure {
                for item in items { signatures.append(try fleet.signature(meterID: item.meter, timestamp: item.time, value: item.value)!) }
            }
            var valid = 0
            let verifying = clock.measure {
                for (item, signature) in zip(items, signatures)
                where ReadingSignature.isValid(signature, meterID: item.meter, timestamp: item.time, value: item.value, key: keys[item.meter]!) {
                    valid += 1
                }
            }
            guard valid == readings else { throw CLIError("only \(valid) of \(readings) signatures verified") }
            print(String(format: "readings: %d; sign %.1f µs/reading; verify %.1f µs/reading (%.0f readings/s on one core)",
                         readings, micros(signing) / Double(readings), micros(verifying) / Double(readings),
                         Double(readings) / (micros(verifying) / 1_000_000)))
        }
    }

    private func micros(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1_000_000 + Double(duration.components.attoseconds) / 1_000_000_000_000
    }
}
