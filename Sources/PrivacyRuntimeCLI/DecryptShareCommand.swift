import ArgumentParser
import Foundation
import Paillier
import PrivacyRuntime

/// `privacy-runtime decrypt-share`: one custodian's side of a threshold key. Writes a partial decryption
/// with its proof for every stored aggregate; no plaintext is computed.
struct DecryptShareCommand: AsyncParsableCommand {
    /// The command's name and help.
    static let configuration = CommandConfiguration(
        commandName: "decrypt-share",
        abstract: "Write partial decryptions, with proofs, of stored aggregates with one custodian's key share (JSON Lines on standard output).")

    /// The custodian's share file.
    @Option(help: "The key share file (PREFIX.share-I.json, mode 0600).")
    var share: String

    /// Where the aggregates are stored.
    @Option(help: "The stored aggregates as KIND:PATH, e.g. sqlite:out/regional.sqlite or jsonl:out/regional.jsonl.")
    var input: String

    /// The runtime signing public key every row must verify under.
    @Option(name: .customLong("verify-with"),
            help: ArgumentHelp("Refuse unless every row carries a valid signature under this runtime signing public key (PREFIX.runtime-sign.pub.json); all rows are checked before any partial decryption is made.",
                               valueName: "runtime-sign.pub.json"))
    var verifyWith: String?

    /// Prints one partial-decryption line per aggregate; an aggregate under another key is an error.
    func run() async throws {
        try await FatalErrorReport.reporting { try run(registry: CLIEnvironment.registry) }
    }

    private func run(registry: StageRegistry) throws {
        let keyShare = try KeyShare.load(contentsOf: URL(fileURLWithPath: share))
        var signatures = try RowSignatureCheck(path: verifyWith)
        let reader = try registry.aggregateReaders.open(input)
        try signatures.verifyAll(reader)
        var count = 0
        try reader.forEach { record in
            try signatures.check(record, consequence: "partial decryptions stopped")
            // Partial-decryption lines carry no kind yet, so a period's register and bill rows could not be told apart.
            guard record.kind.isEmpty else {
                throw CLIError("the row \(record.identityDescription) is a billing row ('\(record.kind)'): threshold decryption of bills is not supported yet; decrypt them with a whole private key")
            }
            guard record.keyID == keyShare.publicKey.keyID else {
                throw CLIError(
                    "the aggregate \(record.identityDescription) is under key '\(record.keyID)', but share \(keyShare.index) belongs to key '\(keyShare.publicKey.keyID)': shares of another key cannot decrypt it")
            }
            let ciphertext = try PaillierCiphertext(decimal: record.ciphertext, publicKey: keyShare.publicKey.paillier)
            let partial = try keyShare.decrypt(ciphertext, context: record.proofContext)
            print(PartialDecryptionLine(record: record, partial: partial, share: keyShare).jsonText())
            count += 1
        }
        FileHandle.standardError.write(Data(
            "privacy-runtime: share \(keyShare.index) of key \(keyShare.publicKey.keyID): \(count) partial decryption\(count == 1 ? "" : "s") written\n".utf8))
    }
}
