import ArgumentParser
import Foundation
import MeterRegistry

/// `privacy-runtime registry sign --authority KEY --meters meters.csv --out registry.json`: the authority signs
/// the list of meters it vouches for.
struct RegistrySignCommand: AsyncParsableCommand {
    /// The command's name and help.
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a meter registry with the authority's key (meters.csv: meter_id, region, optional public_key).")

    /// The authority's secret key file.
    @Option(help: "The authority's key file (PREFIX.authority-key.json, mode 0600).")
    var authority: String

    /// The meters to register.
    @Option(help: "CSV with the columns meter_id, region and optionally public_key (base64url Ed25519).")
    var meters: String

    /// Where the registry goes.
    @Option(help: "The registry file to write (JSON); never overwritten.")
    var out: String

    /// Reads the list, signs it and writes the registry.
    func run() async throws {
        try await FatalErrorReport.reporting {
            try CLIError.refuseOverwriting([out], command: "registry sign")
            let authority = try RegistryAuthority.load(contentsOf: URL(fileURLWithPath: authority))
            let list = try MetersCSV.read(meters)
            try authority.signRegistry(list).write(to: URL(fileURLWithPath: out), options: .withoutOverwriting)
            let keyed = list.count(where: { $0.publicKey != nil })
            print("wrote \(out): \(list.count) meters (\(keyed) with signing keys), signed by authority key \(authority.publicKeyText)")
        }
    }
}
