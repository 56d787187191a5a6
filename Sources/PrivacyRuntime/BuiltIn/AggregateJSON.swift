import Foundation

/// The JSON form of an aggregate used by the `stdout` and `jsonl` sinks and the `jsonl` reader:
/// `{"policy","scope","scope_key","window_start","window_end","readings","meters","decimal_places","key_id",
/// "ciphertext":{"v","e"}}`, plus `"incomplete":true` for a window released incomplete after a restart and
/// `"signature"` (the runtime key's Ed25519 signature of `AggregateRecord.signedBytes`, base64url) when the policy
/// names a runtime key, and `"kind"` for a billing period's rows ("register:BAND", "bill:CURRENCY"); the decrypted sum counts 10^-decimal_places Wh.
enum AggregateJSON {
    /// One line for `record`, times in RFC 3339.
    static func line(_ record: AggregateRecord) -> String {
        var fields = fields(record)
        if record.incomplete { fields.append(("incomplete", "true")) }
        if let signature = record.signature { fields.append(("signature", JSONText.quote(signature))) }
        if !record.kind.isEmpty { fields.append(("kind", JSONText.quote(record.kind))) }
        return JSONText.object(fields)
    }

    private static func fields(_ record: AggregateRecord) -> [(String, String)] {
        [
            ("policy", JSONText.quote(record.policy)), ("scope", JSONText.quote(record.scope)),
            ("scope_key", JSONText.quote(record.scopeKey)),
            ("window_start", JSONText.quote(RFC3339.format(record.windowStart))),
            ("window_end", JSONText.quote(RFC3339.format(record.windowEnd))),
            ("readings", String(record.readings)), ("meters", String(record.meters)),
            ("decimal_places", String(record.decimalPlaces)),
            ("key_id", JSONText.quote(record.keyID)),
            ("ciphertext", JSONText.object([("v", JSONText.quote(record.ciphertext)), ("e", String(record.exponent))])),
        ]
    }

    private struct Wire: Decodable {
        struct Ciphertext: Decodable {
            var v: String
            var e: Int
        }
        var policy: String
        var scope: String
        var scope_key: String
        var window_start: String
        var window_end: String
        var readings: Int
        var meters: Int
        var decimal_places: Int
        var key_id: String
        var ciphertext: Ciphertext
        var incomplete: Bool?
        var signature: String?
        var kind: String?
    }

    /// Parses one line; the error says what is wrong (the caller adds file and line).
    static func record(_ line: String) throws -> AggregateRecord {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(line.utf8))
        } catch DecodingError.keyNotFound(let key, _) {
            throw RuntimeError.badAggregate("missing '\(key.stringValue)'")
        } catch {
            throw RuntimeError.badAggregate("not an aggregate object")
        }
        guard let start = RFC3339.parse(wire.window_start), let end = RFC3339.parse(wire.window_end) else {
            throw RuntimeError.badAggregate("window_start/window_end are not RFC 3339 timestamps")
        }
        return AggregateRecord(
            policy: wire.policy, scope: wire.scope, scopeKey: wire.scope_key, windowStart: start, windowEnd: end,
            readings: wire.readings, meters: wire.meters, keyID: wire.key_id, ciphertext: wire.ciphertext.v,
            decimalPlaces: wire.decimal_places,
            exponent: wire.ciphertext.e, incomplete: wire.incomplete ?? false, signature: wire.signature,
            kind: wire.kind ?? "")
    }
}
