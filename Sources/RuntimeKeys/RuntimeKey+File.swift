import Crypto
import Foundation

extension RuntimeKey {
    /// What messages call the secret file.
    static let fileDescription = "runtime key file"

    /// Writes the key to a new file at `url` with mode 0600:
    /// `{"kty":"privacy-runtime","kid":label,"secret":"<base64url>","created":"<RFC 3339>"}`.
    /// Never overwrites an existing file (`fileExists`): sealed state and signatures depend on the key.
    public func write(to url: URL) throws {
        var data = withSecretBytes { bytes in
            RuntimeKeyJSON.serialize(RuntimeKeyJSON.Secret(
                kty: RuntimeKeyJSON.secretKty, kid: label, secret: Base64URL.encode(bytes),
                created: RuntimeKeyJSON.timestamp(created)))
        }
        defer { KeyFileIO.wipe(&data) }
        try KeyFileIO.createNew(data, at: url, mode: 0o600)
    }

    /// Loads a runtime key file. Refuses a Paillier key (private or public) and the exported public
    /// half with a message saying what the file is, and a file that group or others may read.
    public static func load(contentsOf url: URL) throws -> RuntimeKey {
        let what = "runtime key (kty 'privacy-runtime')"
        let mode = try KeyFileIO.permissions(of: url, what: fileDescription)
        var data = try KeyFileIO.read(url, what: fileDescription)
        defer { KeyFileIO.wipe(&data) }
        switch KeyFileKind(data) {
        case .runtimeSecret: break
        case .paillierPrivate:
            throw RuntimeKeyError.wrongKind(
                url.path, "is a Paillier private key, which belongs to the key holder and never to the runtime; "
                    + "make a runtime key with `privacy-runtime runtime-keygen --out PREFIX`")
        case .paillierPublic:
            throw RuntimeKeyError.wrongKind(
                url.path, "is a Paillier public key (it belongs in encrypt.public_key); "
                    + "make a runtime key with `privacy-runtime runtime-keygen --out PREFIX`")
        case .runtimeSigningPublic:
            throw RuntimeKeyError.wrongKind(
                url.path, "is the exported signing public key (for the key holder); the runtime needs the secret file PREFIX.runtime-key.json")
        case .other(let kty):
            throw RuntimeKeyError.wrongKind(url.path, "has \"kty\" '\(kty)', expected '\(RuntimeKeyJSON.secretKty)'")
        case nil:
            throw RuntimeKeyError.malformedFile(url.path, what: what, detail: "not a JSON object with a string \"kty\"")
        }
        guard mode & 0o077 == 0 else { throw RuntimeKeyError.insecureFile(url.path, mode: mode) }
        let file = try RuntimeKeyJSON.decode(RuntimeKeyJSON.Secret.self, from: data, url: url, what: what)
        guard var secret = Base64URL.decode(file.secret), secret.count == 32 else {
            throw RuntimeKeyError.malformedFile(url.path, what: what, detail: "field 'secret' must be 32 bytes in base64url")
        }
        defer { KeyFileIO.wipe(&secret) }
        guard let created = RuntimeKeyJSON.date(file.created) else {
            throw RuntimeKeyError.malformedFile(url.path, what: what, detail: "field 'created' must be an RFC 3339 time such as 2026-01-31T12:00:00Z")
        }
        return RuntimeKey(secret: SymmetricKey(data: secret), label: file.kid ?? "", created: created)
    }
}
