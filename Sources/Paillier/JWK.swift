import Foundation

/// The JSON Web Key shapes python-paillier's `pheutil` reads and writes (`kty: DAJ`).
enum JWK {
    /// `{"kty":"DAJ","alg":"PAI-GN1","key_ops":["encrypt"],"n":…,"kid":…}`.
    struct Public: Codable {
        var kty: String
        var alg: String?
        var key_ops: [String]?
        var n: String
        var kid: String?
        /// Present in a threshold key's public file only; ordinary readers ignore it.
        var threshold: Threshold?
    }

    /// The verification data of a threshold key (Shoup / Damgård–Jurik with s = 1).
    struct Threshold: Codable {
        /// Names the scheme, so a future scheme's file is not misread.
        var scheme: String
        /// How many shares decrypt.
        var t: Int
        /// How many shares were dealt.
        var l: Int
        /// The base v of the verification keys, a random square mod n².
        var v: String
        /// v_i = v^(Δ·s_i) mod n², one per share, share 1 first.
        var v_i: [String]
        /// The dealing's fingerprint (over n, t, l, v, v_i), checked on load.
        var dealing: String
    }

    /// `{"kty":"DAJ","key_ops":["decrypt"],"p":…,"q":…,"pub":{…},"kid":…}`.
    struct Private: Codable {
        var kty: String
        var key_ops: [String]?
        var p: String
        var q: String
        var pub: Public
        var kid: String?
    }

    /// The fields that tell a private key file from a public one.
    struct Probe: Decodable {
        var p: String?
        var q: String?
        var pub: Public?
        var key_ops: [String]?

        var isPrivate: Bool { p != nil || q != nil || pub != nil || key_ops?.contains("decrypt") == true }
    }

    /// The bytes of key file `url`; `what` ("public key file") names it when it cannot be read.
    static func read(_ url: URL, what: String) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw PaillierError(.invalidKeyFile, "cannot read \(what) \(url.path): \(PaillierPublicKey.reason(error))")
        }
    }

    /// True when `data` is a JSON object with the members of a private key or a key share.
    static func holdsSecret(_ data: Data) -> Bool {
        (try? JSONDecoder().decode(Probe.self, from: data))?.isPrivate == true
    }

    /// Base64url without padding of the big-endian magnitude, as `phe.util.int_to_base64`.
    static func encode(_ value: BigInteger) -> String {
        Data(value.bigEndianMagnitude).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes base64url (padding optional); nil unless the text is valid and non-empty.
    static func decodeInteger(_ text: String) -> BigInteger? {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var body = Substring(text)
        while body.last == "=" { body = body.dropLast() }
        guard !body.isEmpty, body.allSatisfy(allowed.contains), body.count % 4 != 1 else { return nil }
        var standard = body.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        guard let data = Data(base64Encoded: standard) else { return nil }
        return BigInteger(bigEndianMagnitude: data)
    }

    /// Decodes `type` from `data`, turning decoding failures into one readable line about `url`.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, url: URL, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw PaillierError(.invalidKeyFile, "\(url.path): not a \(what): missing field '\(path(context.codingPath + [key]))'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw PaillierError(.invalidKeyFile, "\(url.path): not a \(what): field '\(path(context.codingPath))' has the wrong type")
        } catch let DecodingError.valueNotFound(_, context) {
            throw PaillierError(.invalidKeyFile, "\(url.path): not a \(what): field '\(path(context.codingPath))' is null")
        } catch {
            throw PaillierError(.invalidKeyFile, "\(url.path): not a \(what): the file is not valid JSON")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map(\.stringValue).joined(separator: ".")
    }

    /// The JSON text of `value` with keys in declaration order and a trailing newline.
    static func serialize<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Encoding plain strings and arrays cannot fail.
        var data = (try? encoder.encode(value)) ?? Data()
        data.append(0x0A)
        return data
    }
}
