import ArgumentParser
import Foundation
import Paillier
import Policy
import PrivacyRuntime

/// `privacy-runtime check`: validates policies without running them and says what each discloses.
public struct CheckCommand: RegistryCommand {
    /// The command's name and help.
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate policies without running them and print what each one discloses (exit 0 if all are valid, else 1).")

    /// The policy files to check.
    @Argument(help: "Policy files.")
    public var policies: [String]

    /// Creates the command (for ArgumentParser).
    public init() {}

    /// Loads every policy against the build's stages; prints a summary for each valid one and every
    /// located error of the others.
    public func run(registry: StageRegistry) async throws {
        var invalid = 0
        for (index, path) in policies.enumerated() {
            if index > 0 { print("") }
            do {
                let policy = try PolicyLoader.load(contentsOf: URL(fileURLWithPath: path), catalog: registry)
                print("\(path): valid")
                print(DisclosureSummary(policy: policy, facts: Self.facts(for: policy)))
            } catch {
                invalid += 1
                PrivacyRuntimeCLI.printError(error.description)
                PrivacyRuntimeCLI.printError("\(path): invalid (\(error.diagnostics.count) problem\(error.diagnostics.count == 1 ? "" : "s"))")
            }
        }
        if invalid > 0 { throw ExitCode(1) }
    }

    /// What the summary needs beyond the policy: the key (for the paillier encryptor) and where sinks write.
    static func facts(for policy: Policy) -> DisclosureSummary.Facts {
        var encrypt = StageOptions(policy.encrypt)
        let key = policy.encrypt.type == "paillier"
            ? encrypt.path("public_key").flatMap { try? PaillierPublicKey.load(contentsOf: $0) } : nil
        return DisclosureSummary.Facts(
            keyID: key?.keyID ?? "of the '\(policy.encrypt.type)' encryptor",
            isDemoKey: key?.keyID.lowercased().contains("demo") ?? false,
            keyBits: key?.bits,
            sinkDescriptions: policy.sinks.map(describe))
    }

    /// `sink 'sqlite' writing /abs/out/billing.sqlite`, or the host and database of a server sink.
    static func describe(_ sink: StageConfig) -> String {
        var options = StageOptions(sink)
        if options.contains("path"), let path = options.path("path") {
            return "sink '\(sink.type)' writing \(path.standardizedFileURL.path)"
        }
        if options.contains("host"), let host = options.string("host") {
            let database = options.contains("database") ? options.string("database").map { ", database \($0)" } ?? "" : ""
            return "sink '\(sink.type)' at \(host)\(database)"
        }
        return "sink '\(sink.type)'"
    }
}
