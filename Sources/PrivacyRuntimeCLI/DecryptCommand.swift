import ArgumentParser
import Foundation
import Paillier
import PrivacyRuntime

/// `privacy-runtime decrypt`: the key holder's side. Decrypts stored window aggregates with the private key; a billing
/// policy's rows are printed as bills (household, period, consumption per band, amount, currency), or with `--html`
/// written as one HTML bill per household.
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

    /// The runtime signing public key every row must verify under.
    @Option(name: .customLong("verify-with"),
            help: ArgumentHelp("Refuse unless every row carries a valid signature under this runtime signing public key (PREFIX.runtime-sign.pub.json from runtime-keygen); all rows are checked before any is decrypted.",
                               valueName: "runtime-sign.pub.json"))
    var verifyWith: String?

    /// The output format.
    @Option(help: "csv or json.")
    var format: OutputFormat = .csv

    /// Where to draw the totals as an SVG load curve instead of printing them.
    @Option(help: ArgumentHelp("Draw the decrypted totals as an SVG line chart (one line per scope key) into this file instead of printing them.",
                               valueName: "file.svg"))
    var plot: String?

    /// The scope keys to draw.
    @Option(name: .customLong("plot-keys"),
            help: ArgumentHelp("Comma-separated scope keys (regions or meter ids) to draw; default: all, at most \(LoadCurveRecorder.maxSeries).",
                               valueName: "keys"))
    var plotKeys: String?

    /// Where to write one HTML bill per household.
    @Option(help: ArgumentHelp("Write one HTML bill per household (bands, amount, a small chart) into this directory; billing policies only.",
                               valueName: "dir"))
    var html: String?

    func validate() throws {
        if plotKeys != nil, plot == nil { throw ValidationError("--plot-keys needs --plot FILE.svg") }
        if html != nil, plot != nil { throw ValidationError("--html and --plot are exclusive") }
    }

    /// Decrypts every aggregate of the input and prints it (or draws it with `--plot`); an aggregate under
    /// another key, or (with `--verify-with`) one without a valid runtime signature, is an error.
    func run() async throws {
        try await FatalErrorReport.reporting { try await run(registry: CLIEnvironment.registry) }
    }

    private func run(registry: StageRegistry) async throws {
        let privateKey = try PaillierPrivateKey.load(contentsOf: URL(fileURLWithPath: key))
        var signatures = try RowSignatureCheck(path: verifyWith)
        let reader = try registry.aggregateReaders.open(input)
        try signatures.verifyAll(reader)
        let printer = DecryptedAggregatePrinter(format: format)
        var recorder = plot.map { LoadCurveRecorder(path: $0, keys: plotKeys.map(Self.keyList) ?? []) }
        var bills: [String: DecryptedBill] = [:]
        var begun = false
        try reader.forEach { record in
            guard let kind = AggregateKind(text: record.kind) else {
                throw CLIError("the aggregate of \(record.scopeKey) at \(record.windowStart) has an unknown kind '\(record.kind)'")
            }
            if kind == .total, !begun, recorder == nil {
                printer.begin()
                begun = true
            }
            try signatures.check(record, consequence: "decryption stopped")
            guard record.keyID == privateKey.publicKey.keyID else {
                throw CLIError(
                    "the aggregate of \(record.scopeKey) at \(record.windowStart) is under key '\(record.keyID)', not this key ('\(privateKey.publicKey.keyID)')")
            }
            try record.requireSupportedExponent()
            let ciphertext = try PaillierCiphertext(decimal: record.ciphertext, publicKey: privateKey.publicKey)
            let total = try privateKey.decrypt(ciphertext)
            if kind != .total {
                let key = "\(record.policy)\u{0}\(record.scopeKey)\u{0}\(record.windowStart)"
                bills[key, default: DecryptedBill(policy: record.policy, household: record.scopeKey, start: record.windowStart,
                                                  end: record.windowEnd)].add(record, kind: kind, value: total)
            } else if recorder != nil {
                recorder?.add(record, total: total)
            } else {
                printer.print(record, total: total)
            }
        }
        let sorted = bills.values.sorted { ($0.policy, $0.household, $0.start) < ($1.policy, $1.household, $1.start) }
        if let html {
            let files = try BillHTML.write(sorted, to: URL(fileURLWithPath: html))
            FileHandle.standardError.write(Data("wrote \(files.count) HTML bills to \(html)\n".utf8))
        } else if !sorted.isEmpty {
            if begun { Swift.print("") }
            BillPrinter(format: format).print(sorted)
        } else if !begun, recorder == nil {
            printer.begin()
        }
        if let recorder {
            FileHandle.standardError.write(Data((try recorder.write() + "\n").utf8))
        }
    }

    /// `a, b,c` → `["a", "b", "c"]`.
    private static func keyList(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
