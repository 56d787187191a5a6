import Foundation
import RuntimeKeys

/// The secret key files of this module (the registry authority's key, a test fleet's meter keys): JSON with a
/// `kty` naming the kind, written create-only with mode 0600, and refused on load when group or others may read them.
enum SecretKeyFile {
    /// Writes `value` as JSON (sorted keys, trailing newline) to a new file at `url` with mode 0600; never overwrites.
    static func write<T: Encodable>(_ value: T, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value) + [0x0A]
        defer { KeyFileIO.wipe(&data) }
        try KeyFileIO.createNew(data, at: url, mode: 0o600)
    }

    /// Reads the secret file `url` holding `T` of kind `kty`, described as `what` in errors.
    static func read<T: Decodable & KindTagged>(_ type: T.Type, from url: URL, what: String) throws -> T {
        let mode = try KeyFileIO.permissions(of: url, what: what)
        var data = try KeyFileIO.read(url, what: what)
        defer { KeyFileIO.wipe(&data) }
        guard mode & 0o077 == 0 else { throw MeterRegistryError.insecureFile(url.path, mode: mode) }
        let value: T
        do {
            value = try JSONDecoder().decode(type, from: data)
        } catch {
            throw MeterRegistryError.malformed(url.path, what: what, detail: "expected a JSON object with \"kty\" '\(T.kty)'")
        }
        guard value.kty == T.kty else {
            throw MeterRegistryError.malformed(url.path, what: what, detail: "\"kty\" is '\(value.kty)', expected '\(T.kty)'")
        }
        return value
    }
}

/// A key file shape with a fixed `kty`.
protocol KindTagged {
    /// The `kty` every file of this kind carries.
    static var kty: String { get }
    /// The file's `kty`.
    var kty: String { get }
}
