import ArgumentParser
import Foundation
import RuntimeKeys

/// `privacy-runtime runtime-keygen`: the runtime operator makes the deployment's own key (HMAC of
/// rejects, sealed state, signed aggregates) and exports the public half of its signing key.
struct RuntimeKeygenCommand: AsyncParsableCommand {
    /// The command's name and help.
    static let configuration = CommandConfiguration(
        commandName: "runtime-keygen",
        abstract: "Generate the runtime's own key: PREFIX.runtime-key.json (mode 0600, for the runtime only) and PREFIX.runtime-sign.pub.json (for the key holder).")

    /// The path prefix of the two files.
    @Option(help: "Path prefix: writes PREFIX.runtime-key.json and PREFIX.runtime-sign.pub.json.")
    var out: String

    /// Free text stored as the files' `kid`.
    @Option(help: "Label stored as the files' kid (default: one naming the creation time).")
    var label: String?

    /// The secret file's path for `prefix`.
    static func secretPath(_ prefix: String) -> String { prefix + ".runtime-key.json" }

    /// The exported public half's path for `prefix`.
    static func publicPath(_ prefix: String) -> String { prefix + ".runtime-sign.pub.json" }

    /// Generates the key and writes both files; never overwrites either.
    func run() async throws {
        try await FatalErrorReport.reporting { try writeKeyFiles() }
    }

    private func writeKeyFiles() throws {
        let secretURL = URL(fileURLWithPath: Self.secretPath(out))
        let publicURL = URL(fileURLWithPath: Self.publicPath(out))
        for url in [secretURL, publicURL] where FileManager.default.fileExists(atPath: url.path) {
            throw CLIError("\(url.path) exists; runtime-keygen never overwrites a key file: remove it by hand or choose another --out")
        }
        let key = RuntimeKey.generate(label: label)
        try key.write(to: secretURL)
        try key.signingPublicKey.write(to: publicURL)
        print("wrote \(secretURL.path) (secret, mode 0600: name it as runtime_key: in the policy; never give it to the key holder)")
        print("wrote \(publicURL.path) (public: give it to the key holder to verify signed aggregates)")
        print("runtime key id: \(key.keyID)")
    }
}
