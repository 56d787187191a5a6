import Foundation

/// The JSON shapes of runtime key files.
enum RuntimeKeyJSON {
    /// The `kty` of a runtime key's secret file.
    static let secretKty = "privacy-runtime"

    /// `{"created":"<RFC 3339>","kid":…,"kty":"privacy-runtime","secret":"<base64url, 32 bytes>"}`.
    struct Secret: Codable {
        var kty: String
        var kid: String?
        var secret: String
        var created: String
    }

    /// The public half as an RFC 8037 JWK:
    /// `{"kty":"OKP","crv":"Ed25519","use":"sig","alg":"EdDSA","key_ops":["verify"],"x":…,"kid":…}`.
    struct SigningPublic: Codable {
        var kty: String
        var crv: String
        var use: String?
        var alg: String?
        var key_ops: [String]?
        var x: String
        var kid: String?
    }

    /// Decodes `type` from `data`, turning decoding failures into one readable line about `url`.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, url: URL, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw RuntimeKeyError.malformedFile(url.path, what: what, detail: "missing field '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw RuntimeKeyError.malformedFile(url.path, what: what, detail: "field '\(field(context))' has the wrong type")
        } catch let DecodingError.valueNotFound(_, context) {
            throw RuntimeKeyError.malformedFile(url.path, what: what, detail: "field '\(field(context))' is null")
        } catch {
            throw RuntimeKeyError.malformedFile(url.path, what: what, detail: "the file is not valid JSON")
        }
    }

    private static func field(_ context: DecodingError.Context) -> String {
        context.codingPath.map(\.stringValue).joined(separator: ".")
    }

    /// The JSON text of `value` with sorted keys (the same key always makes the same file) and a trailing newline.
    static func serialize<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and arrays cannot fail.
        return ((try? encoder.encode(value)) ?? Data()) + [0x0A]
    }

    /// `date` as RFC 3339 in UTC with whole seconds, e.g. `2026-11-29T22:40:00Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// The date of an RFC 3339 timestamp (fractional seconds allowed); nil when malformed.
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
