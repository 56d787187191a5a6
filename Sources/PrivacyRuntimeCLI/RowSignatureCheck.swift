import Foundation
import PrivacyRuntime
import RuntimeKeys

/// The key holder's check of stored aggregates against the runtime's signatures (`--verify-with`), shared by
/// `decrypt`, `decrypt-share` and `combine`. With a key, a row without a valid signature stops the command with one
/// line naming it; without one, a one-time warning says the rows are not verified (signed rows) or cannot be
/// (unsigned rows: no runtime key, or written before aggregates were signed).
struct RowSignatureCheck {
    /// The runtime signing public key rows must verify under; nil without `--verify-with`.
    let key: RuntimeSigningPublicKey?
    /// The key file's path, for messages.
    private let path: String?
    private var warnedSigned = false
    private var warnedUnsigned = false

    /// Loads the key at `path` (`PREFIX.runtime-sign.pub.json`), or checks nothing but warns when `path` is nil.
    init(path: String?) throws {
        self.path = path
        key = try path.map { try RuntimeSigningPublicKey.load(contentsOf: URL(fileURLWithPath: $0)) }
    }

    /// Verifies every row `reader` yields, before the caller decrypts any; without a key it reads nothing.
    func verifyAll(_ reader: any AggregateReader) throws {
        guard key != nil else { return }
        try reader.forEach { try require($0, consequence: "nothing decrypted") }
    }

    /// Checks one row as it is decrypted: with a key, refuses it unless its signature verifies (a row changed after
    /// `verifyAll` read it is caught here); without one, warns once that signed rows are not verified and once
    /// that unsigned rows cannot be.
    mutating func check(_ record: AggregateRecord, consequence: String) throws {
        if key != nil {
            try require(record, consequence: consequence)
        } else if record.signature != nil, !warnedSigned {
            warnedSigned = true
            warn("the rows carry the runtime's signatures but are not verified; add --verify-with PREFIX.runtime-sign.pub.json to refuse rows changed or forged in the database")
        } else if record.signature == nil, !warnedUnsigned {
            warnedUnsigned = true
            warn("rows without the runtime's signature (no runtime_key, or written before aggregates were signed) are not verified: a row changed or forged in the database cannot be told from a released one")
        }
    }

    private func warn(_ message: String) {
        FileHandle.standardError.write(Data("privacy-runtime: warning: \(message)\n".utf8))
    }

    private func require(_ record: AggregateRecord, consequence: String) throws {
        guard let key, let problem = record.signatureProblem(under: key) else { return }
        throw CLIError("refused: the row \(record.identityDescription) \(problem) (--verify-with \(path ?? "")); \(consequence)")
    }
}
