import ArgumentParser
import Foundation
import Paillier

/// `privacy-runtime keygen`: the key holder makes a key pair in python-paillier's file formats.
struct KeygenCommand: AsyncParsableCommand {
    /// The command's name and help.
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Generate a Paillier key pair (PREFIX.pub.json for the runtime, PREFIX.key.json, mode 0600, for the key holder), or with --threshold and --shares deal a threshold key (PREFIX.pub.json and PREFIX.share-1.json …, one per custodian).")

    /// The modulus size in bits.
    @Option(help: "Modulus size in bits: 2048, 3072 or 4096.")
    var bits: Int = 3072

    /// The path prefix of the two files.
    @Option(help: "Path prefix: writes PREFIX.pub.json and PREFIX.key.json.")
    var out: String

    /// How many custodians must cooperate, for a threshold key.
    @Option(help: "Deal a threshold key instead: how many custodians must cooperate to decrypt (with --shares).")
    var threshold: Int?

    /// How many shares to deal, for a threshold key.
    @Option(help: "Deal a threshold key into this many shares, PREFIX.share-1.json … (with --threshold).")
    var shares: Int?

    /// Whether existing files may be replaced.
    @Flag(help: "Replace existing key files.")
    var force = false

    /// Checks the options before any key is generated.
    func validate() throws {
        guard [2048, 3072, 4096].contains(bits) else {
            throw ValidationError("--bits must be 2048, 3072 or 4096 (got \(bits))")
        }
        guard (threshold == nil) == (shares == nil) else {
            throw ValidationError("--threshold and --shares go together: e.g. --threshold 3 --shares 5")
        }
        if let threshold, let shares {
            let maximum = ThresholdKeyGeneration.maximumShares
            guard (1...maximum).contains(shares), (1...shares).contains(threshold) else {
                throw ValidationError("need 1 ≤ --threshold ≤ --shares ≤ \(maximum) (got --threshold \(threshold) --shares \(shares))")
            }
        }
    }

    /// Generates the key and writes both files.
    func run() async throws {
        try await FatalErrorReport.reporting {
            if let threshold, let shares {
                try writeThresholdKey(threshold: threshold, shares: shares)
            } else {
                try writeKeyPair()
            }
        }
    }

    private func writeKeyPair() throws {
        let publicURL = URL(fileURLWithPath: out + ".pub.json")
        let privateURL = URL(fileURLWithPath: out + ".key.json")
        for url in [publicURL, privateURL] where !force && FileManager.default.fileExists(atPath: url.path) {
            throw CLIError("\(url.path) exists; pass --force to replace it")
        }
        let key = try PaillierPrivateKey.generate(bits: bits)
        try key.write(to: privateURL)
        try key.publicKey.jwkData().write(to: publicURL)
        print("wrote \(publicURL.path) (public, give it to the runtime) and \(privateURL.path) (private, mode 0600, keep it with the key holder)")
        print("key id: \(key.publicKey.keyID)")
    }
}
