import ArgumentParser
import Foundation
import MeterRegistry

/// `privacy-runtime registry fleet-keys --meters meters.csv --out PREFIX`: signing keys for a test fleet (a real
/// meter makes its own key and never shares it).
struct FleetKeysCommand: AsyncParsableCommand {
    /// The command's name and help.
    static let configuration = CommandConfiguration(
        commandName: "fleet-keys",
        abstract: "Generate a test fleet's meter keys: PREFIX.fleet-keys.json (mode 0600) and PREFIX.meters.csv (with public keys, for registry sign).")

    /// The fleet's meters.
    @Option(help: "CSV with the columns meter_id and region.")
    var meters: String

    /// The path prefix of the two files.
    @Option(help: "Path prefix: writes PREFIX.fleet-keys.json and PREFIX.meters.csv.")
    var out: String

    /// Generates one key per meter and writes both files; never overwrites either.
    func run() async throws {
        try await FatalErrorReport.reporting {
            let keysURL = URL(fileURLWithPath: out + ".fleet-keys.json")
            let listURL = URL(fileURLWithPath: out + ".meters.csv")
            try CLIError.refuseOverwriting([keysURL.path, listURL.path], command: "registry fleet-keys")
            let list = try MetersCSV.read(meters)
            let fleet = FleetKeys.generate(meterIDs: list.map(\.meterID))
            try fleet.write(to: keysURL)
            let keyed = list.map { RegisteredMeter(meterID: $0.meterID, region: $0.region, publicKey: fleet.publicKey(for: $0.meterID)) }
            try Data(MetersCSV.text(keyed).utf8).write(to: listURL, options: .withoutOverwriting)
            print("wrote \(keysURL.path) (the meters' secret keys, mode 0600: for publish --sign-with and registry sign-readings)")
            print("wrote \(listURL.path) (\(keyed.count) meters with public keys: give it to the registry authority for registry sign)")
        }
    }
}
