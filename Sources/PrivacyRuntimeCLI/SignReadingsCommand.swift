import ArgumentParser
import Foundation
import PrivacyRuntime

/// `privacy-runtime registry sign-readings --fleet-keys F --input readings.csv --out signed.csv`: a test fleet's
/// readings file with a `signature` column, for a file source over a registry with keys.
struct SignReadingsCommand: AsyncParsableCommand {
    /// The command's name and help.
    static let configuration = CommandConfiguration(
        commandName: "sign-readings",
        abstract: "Add each reading's meter signature to a readings CSV (a test fleet's, from registry fleet-keys).")

    /// The fleet's secret keys.
    @Option(name: .customLong("fleet-keys"), help: "The fleet's key file (PREFIX.fleet-keys.json, mode 0600).")
    var fleetKeys: String

    /// The readings.
    @Option(help: "CSV with the columns meter_id, region, timestamp, energy_wh.")
    var input: String

    /// The signed copy.
    @Option(help: "The CSV to write: the input with a signature column; never overwritten.")
    var out: String

    /// Signs every row it can; rows it cannot (no key, unparsable) are copied with an empty signature and counted.
    func run() async throws {
        try await FatalErrorReport.reporting {
            try CLIError.refuseOverwriting([out], command: "registry sign-readings")
            let signer = try ReadingSigner(fleetKeysPath: fleetKeys)
            let text: String
            do {
                text = try String(contentsOfFile: input, encoding: .utf8)
            } catch {
                throw CLIError("cannot read \(input): \((error as NSError).localizedDescription)")
            }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            guard let header = lines.first else { throw CLIError("\(input) is empty") }
            let columns = try CSVLineSplitter.split(header).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let meter = columns.firstIndex(of: "meter_id"), let time = columns.firstIndex(of: "timestamp"),
                  let energy = columns.firstIndex(of: "energy_wh"), !columns.contains("signature") else {
                throw CLIError("\(input):1: the header must name meter_id, timestamp and energy_wh, and no signature column yet")
            }
            lines[0] = header + ",signature"
            var unsigned = 0
            for index in lines.indices.dropFirst() {
                let fields = (try? CSVLineSplitter.split(lines[index]).map { $0.trimmingCharacters(in: .whitespaces) }) ?? []
                let signature = fields.count == columns.count
                    ? signer.signature(meterID: fields[meter], timestamp: fields[time], energy: fields[energy]) : nil
                if signature == nil { unsigned += 1 }
                lines[index] += "," + (signature ?? "")
            }
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: out), options: .withoutOverwriting)
            print("wrote \(out): \(lines.count - 1 - unsigned) readings signed, \(unsigned) without a signature (no key for the meter, or a field that does not parse)")
        }
    }
}
