import ArgumentParser
import Foundation
import MeterRegistry

/// `privacy-runtime registry keygen --out PREFIX`: the registry authority's Ed25519 key.
struct RegistryKeygenCommand: AsyncParsableCommand {
    /// The command's name and help.
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Generate the registry authority's key: PREFIX.authority-key.json (mode 0600) and PREFIX.authority-key.pub (the public key for policies).")

    /// The path prefix of the two files.
    @Option(help: "Path prefix: writes PREFIX.authority-key.json and PREFIX.authority-key.pub.")
    var out: String

    /// Free text stored as the secret file's `kid`.
    @Option(help: "Label stored as the key file's kid.")
    var label = "registry authority"

    /// Generates the key and writes both files; never overwrites either.
    func run() async throws {
        try await FatalErrorReport.reporting {
            let secretURL = URL(fileURLWithPath: out + ".authority-key.json")
            let publicURL = URL(fileURLWithPath: out + ".authority-key.pub")
            try CLIError.refuseOverwriting([secretURL.path, publicURL.path], command: "registry keygen")
            let authority = RegistryAuthority.generate(label: label)
            try authority.write(to: secretURL)
            try Data((authority.publicKeyText + "\n").utf8).write(to: publicURL)
            print("wrote \(secretURL.path) (secret, mode 0600: for the registry authority only, never the key holder)")
            print("wrote \(publicURL.path) (public)")
            print("registry.authority_key: \(authority.publicKeyText)")
        }
    }
}
