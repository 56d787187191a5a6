import Foundation
import Paillier
import PrivacyRuntime

/// One line of a partial-decryption file (JSON Lines), as `decrypt-share` writes and `combine` reads:
/// the aggregate as stored (identity, counts, ciphertext), the custodian's share index, c_i and the
/// proof (e, z), and the key id and dealing fingerprint, so partials of another key are refused.
struct PartialDecryptionLine: Codable, Equatable {
    /// The proof's two numbers, decimal.
    struct Proof: Codable, Equatable {
        var e: String
        var z: String
    }

    /// The format's name and version.
    static let formatName = "privacy-runtime-partial-decryption/1"

    var format: String
    var key_id: String
    var dealing: String
    var index: Int
    var policy: String
    var scope: String
    var key: String
    var window_start: Int64
    var window_end: Int64
    var readings: Int
    var meters: Int
    var decimal_places: Int
    var exponent: Int
    var ciphertext: String
    var partial: String
    var proof: Proof
    /// True for a window released incomplete after a restart; absent otherwise (and in lines written before).
    var incomplete: Bool?
    /// The stored row's runtime signature (base64url), so `combine --verify-with` can check the aggregate; absent
    /// for unsigned rows (and in lines written before).
    var signature: String?

    /// The line for `partial`, made by share `share` from `record`.
    init(record: AggregateRecord, partial: PartialDecryption, share: KeyShare) {
        format = Self.formatName
        key_id = share.publicKey.keyID
        dealing = share.publicKey.dealingID
        index = partial.index
        policy = record.policy
        scope = record.scope
        key = record.scopeKey
        window_start = record.windowStart
        window_end = record.windowEnd
        readings = record.readings
        meters = record.meters
        decimal_places = record.decimalPlaces
        exponent = record.exponent
        ciphertext = record.ciphertext
        self.partial = partial.value.description
        proof = Proof(e: partial.proof.e.description, z: partial.proof.z.description)
        incomplete = record.incomplete ? true : nil
        signature = record.signature
    }

    /// The stored aggregate the line is about.
    var record: AggregateRecord {
        AggregateRecord(
            policy: policy, scope: scope, scopeKey: key, windowStart: window_start, windowEnd: window_end,
            readings: readings, meters: meters, keyID: key_id, ciphertext: ciphertext,
            decimalPlaces: decimal_places, exponent: exponent, incomplete: incomplete ?? false, signature: signature)
    }

    /// The partial decryption, or nil when a number is not a decimal integer (then it counts as invalid).
    var partialDecryption: PartialDecryption? {
        guard let value = BigInteger(decimal: partial), let e = BigInteger(decimal: proof.e),
              let z = BigInteger(decimal: proof.z) else { return nil }
        return PartialDecryption(index: index, value: value, proof: EqualityProof(e: e, z: z))
    }

    /// The line as compact JSON with sorted keys.
    func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and integers cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// Every line of the file at `path`; a line that is not a partial decryption is an error naming it.
    static func lines(ofFile path: String) throws -> [PartialDecryptionLine] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CLIError("cannot read partial decryptions \(path): \((error as NSError).localizedDescription)")
        }
        let decoder = JSONDecoder()
        return try text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { number, line in
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            guard let decoded = try? decoder.decode(Self.self, from: Data(line.utf8)), decoded.format == formatName else {
                throw CLIError("\(path):\(number + 1): not a partial decryption line (\(formatName)) as `decrypt-share` writes")
            }
            return decoded
        }
    }
}
