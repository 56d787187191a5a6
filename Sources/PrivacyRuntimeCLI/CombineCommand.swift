import ArgumentParser
import Foundation
import Paillier
import PrivacyRuntime

/// `privacy-runtime combine`: verifies the custodians' partial decryptions and, for every aggregate with
/// at least t valid ones, prints what `decrypt` prints. An invalid partial is named and left out.
struct CombineCommand: AsyncParsableCommand {
    /// The command's name and help.
    static let configuration = CommandConfiguration(
        commandName: "combine",
        abstract: "Verify partial decryptions from t custodians and print the decrypted aggregates (as decrypt does).")

    /// The threshold public key file.
    @Option(help: "The threshold public key file (PREFIX.pub.json written by keygen --threshold).")
    var key: String

    /// The runtime signing public key every aggregate must verify under.
    @Option(name: .customLong("verify-with"),
            help: ArgumentHelp("Refuse unless every aggregate the partials are about carries a valid signature under this runtime signing public key (PREFIX.runtime-sign.pub.json).",
                               valueName: "runtime-sign.pub.json"))
    var verifyWith: String?

    /// The output format.
    @Option(help: "csv or json.")
    var format: DecryptCommand.OutputFormat = .csv

    /// The custodians' partial-decryption files.
    @Argument(help: "Partial-decryption files written by decrypt-share, one per custodian.")
    var partials: [String]

    /// Checks that some files were named.
    func validate() throws {
        guard !partials.isEmpty else { throw ValidationError("name the partial-decryption files to combine") }
    }

    /// Verifies and combines; refuses (exit 1, nothing printed) when an aggregate lacks t valid partials.
    func run() async throws {
        try await FatalErrorReport.reporting { try combine() }
    }

    /// One partial line and the file it came from.
    private struct Source {
        var line: PartialDecryptionLine
        var file: String
    }

    private func combine() throws {
        let publicKey = try ThresholdPublicKey.load(contentsOf: URL(fileURLWithPath: key))
        var signatures = try RowSignatureCheck(path: verifyWith)
        var byAggregate: [AggregateIdentity: [Source]] = [:]
        for file in partials {
            for line in try PartialDecryptionLine.lines(ofFile: file) {
                guard line.key_id == publicKey.keyID, line.dealing == publicKey.dealingID else {
                    throw CLIError(
                        "\(file): partial decryptions of key '\(line.key_id)' (dealing \(line.dealing)), but \(key) is key '\(publicKey.keyID)' (dealing \(publicKey.dealingID)): shares of another key cannot be combined")
                }
                let identity = AggregateIdentity(line.record)
                byAggregate[identity, default: []].append(Source(line: line, file: file))
            }
        }
        // The order `decrypt` prints from SQLite, whatever order the custodians' inputs had.
        let order = byAggregate.keys.sorted()
        let combiner = ThresholdCombiner(publicKey: publicKey)
        var decrypted: [(AggregateRecord, BigInteger)] = []
        var failures: [String] = []
        for identity in order {
            do {
                decrypted.append(try combine(byAggregate[identity]!, combiner: combiner, signatures: &signatures))
            } catch let error as PaillierError {
                failures.append("\(identity.description): \(error.message)")
            }
        }
        guard failures.isEmpty else {
            throw CLIError("cannot decrypt \(failures.count) of \(order.count) aggregates, nothing printed:\n" + failures.joined(separator: "\n"))
        }
        let printer = DecryptedAggregatePrinter(format: format)
        printer.begin()
        for (record, total) in decrypted { printer.print(record, total: total) }
    }

    /// Combines the partials of one aggregate. Partials that disagree with the majority on the stored
    /// aggregate (ciphertext or counts), or whose proof fails, are named on standard error and left out.
    private func combine(_ sources: [Source], combiner: ThresholdCombiner,
                         signatures: inout RowSignatureCheck) throws -> (AggregateRecord, BigInteger) {
        var versions: [AggregateRecord: [Source]] = [:]
        for source in sources { versions[source.line.record, default: []].append(source) }
        let record = sources.map(\.line.record).max { versions[$0]!.count < versions[$1]!.count }!
        for source in sources where source.line.record != record {
            warn("custodian \(source.line.index) (\(source.file)) decrypted a different ciphertext or counts for \(record.identityDescription) than the other custodians; left out")
        }
        let chosen = versions[record]!
        try signatures.check(record, consequence: "nothing printed")
        try record.requireSupportedExponent()
        let ciphertext = try PaillierCiphertext(decimal: record.ciphertext, publicKey: combiner.publicKey.paillier)
        let partials = chosen.map { source in
            source.line.partialDecryption ?? PartialDecryption(
                index: source.line.index, value: BigInteger(0), proof: EqualityProof(e: BigInteger(0), z: BigInteger(0)))
        }
        let verification = try combiner.verify(ciphertext, context: record.proofContext, partials: partials)
        for index in verification.rejected {
            let files = Set(chosen.filter { $0.line.index == index }.map(\.file)).sorted().joined(separator: ", ")
            warn("custodian \(index) (\(files)): the partial decryption of \(record.identityDescription) fails its proof; left out")
        }
        return (record, try combiner.combine(verification).plaintext)
    }

    private func warn(_ message: String) {
        FileHandle.standardError.write(Data("privacy-runtime: warning: \(message)\n".utf8))
    }
}

/// Which aggregate a partial decryption is about: policy, scope, scope key and window.
private struct AggregateIdentity: Hashable, Comparable, CustomStringConvertible {
    var policy: String
    var scope: String
    var key: String
    var start: Int64
    var end: Int64

    init(_ record: AggregateRecord) {
        policy = record.policy
        scope = record.scope
        key = record.scopeKey
        start = record.windowStart
        end = record.windowEnd
    }

    var description: String { "\(policy) \(scope) '\(key)' \(RFC3339.format(start))–\(RFC3339.format(end))" }

    /// By policy, scope key and window, as stored aggregates are read back.
    static func < (lhs: AggregateIdentity, rhs: AggregateIdentity) -> Bool {
        (lhs.policy, lhs.key, lhs.start, lhs.scope, lhs.end) < (rhs.policy, rhs.key, rhs.start, rhs.scope, rhs.end)
    }
}
