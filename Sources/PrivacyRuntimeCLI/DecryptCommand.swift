import ArgumentParser
import Foundation
import Paillier
import PrivacyRuntime

/// `privacy-runtime decrypt`: the key holder's side. Decrypts stored window aggregates with the private key.
struct DecryptCommand: AsyncParsableCommand {
    /// The command's name and help.
    static let configuration = CommandConfiguration(
        commandName: "decrypt",
        abstract: "Decrypt stored window aggregates with the private key (the key holder's command; the runtime never needs it).")

    /// How decrypted aggregates are printed.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
        /// A header line, then one comma-separated line per aggregate.
        case csv
        /// One JSON object per line.
        case json
    }

    /// The private key file.
    @Option(help: "The private key file (python-paillier JWK, mode 0600).")
    var key: String

    /// Where the aggregates are stored.
    @Option(help: "The stored aggregates as KIND:PATH, e.g. sqlite:out/billing.sqlite or jsonl:out/billing.jsonl.")
    var input: String

    /// The output format.
    @Option(help: "csv or json.")
    var format: OutputFormat = .csv

    /// Decrypts every aggregate of the input and prints it; an aggregate under another key is an error.
    func run() async throws {
        try await FatalErrorReport.reporting { try await run(registry: CLIEnvironment.registry) }
    }

    private func run(registry: StageRegistry) async throws {
        let privateKey = try PaillierPrivateKey.load(contentsOf: URL(fileURLWithPath: key))
        let reader = try registry.aggregateReaders.open(input)
        let printer = DecryptedAggregatePrinter(format: format)
        printer.begin()
        try reader.forEach { record in
            guard record.keyID == privateKey.publicKey.keyID else {
                throw CLIError(
                    "the aggregate of \(record.scopeKey) at \(record.windowStart) is under key '\(record.keyID)', not this key ('\(privateKey.publicKey.keyID)')")
            }
            let ciphertext = try PaillierCiphertext(decimal: record.ciphertext, publicKey: privateKey.publicKey)
            printer.print(record, total: try privateKey.decrypt(ciphertext))
        }
    }
}
