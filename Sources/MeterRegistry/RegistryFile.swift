import Foundation

/// The registry's JSON file and the canonical bytes its signature covers.
///
/// ```json
/// {"format": "privacy-runtime meter registry v1", "issued": "2026-11-30T01:00:00Z",
///  "authority_key": "<base64url Ed25519 public key>",
///  "meters": [{"meter_id": "M0001", "region": "north", "public_key": "<base64url, or empty>"}],
///  "signature": "<base64url Ed25519 signature over signedBytes>"}
/// ```
struct RegistryFile: Codable {
    /// The `format` every version-1 registry carries.
    static let formatV1 = "privacy-runtime meter registry v1"

    /// One meter entry.
    struct Meter: Codable {
        var meter_id: String
        var region: String
        var public_key: String?
    }

    var format: String
    var issued: String
    var authority_key: String
    var meters: [Meter]
    var signature: String

    /// The signed bytes: UTF-8 of `privacy-runtime meter registry v1\n`, `issued:<issued>\n`, then per meter in
    /// file order `<meter_id>\t<region>\t<public_key or nothing>\n`. Ids and regions hold no control characters,
    /// so the form is unambiguous; JSON whitespace and member order do not matter.
    static func signedBytes(issued: String, meters: [RegisteredMeter]) -> Data {
        var text = "\(formatV1)\nissued:\(issued)\n"
        for meter in meters {
            text += "\(meter.meterID)\t\(meter.region)\t\(meter.publicKeyText)\n"
        }
        return Data(text.utf8)
    }

    /// Parses `data` (the file at `path`).
    static func decode(_ data: Data, path: String) throws -> RegistryFile {
        let what = "meter registry"
        let file: RegistryFile
        do {
            file = try JSONDecoder().decode(RegistryFile.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw MeterRegistryError.malformed(path, what: what, detail: "missing field '\(key.stringValue)'")
        } catch {
            throw MeterRegistryError.malformed(path, what: what, detail: "expected a JSON object with format, issued, authority_key, meters and signature")
        }
        guard file.format == formatV1 else {
            throw MeterRegistryError.malformed(path, what: what, detail: "format is '\(file.format)', expected '\(formatV1)'")
        }
        return file
    }

    /// The entries, with ids, regions and keys checked.
    func registeredMeters(path: String) throws -> [RegisteredMeter] {
        try meters.enumerated().map { position, meter in
            guard RegisteredMeter.isValidIdentifier(meter.meter_id), RegisteredMeter.isValidIdentifier(meter.region) else {
                throw MeterRegistryError.malformed(
                    path, what: "meter registry",
                    detail: "entry \(position + 1): meter_id and region must be non-empty, without control characters or outer spaces")
            }
            let key = try meter.public_key.flatMap { $0.isEmpty ? nil : $0 }
                .map { try Ed25519Text.publicKey($0, what: "public_key of meter '\(meter.meter_id)'") }
            return RegisteredMeter(meterID: meter.meter_id, region: meter.region, publicKey: key)
        }
    }

    /// The JSON text with sorted keys, pretty-printed, and a trailing newline.
    func serialized() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding plain strings and arrays cannot fail.
        return ((try? encoder.encode(self)) ?? Data()) + [0x0A]
    }
}
