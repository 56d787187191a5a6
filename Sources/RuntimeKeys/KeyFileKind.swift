import Foundation

/// What a JSON key file holds, told apart by its `kty` (and, for Paillier keys, its private fields),
/// so that a loader can say "this is the key holder's private key" instead of "missing field".
enum KeyFileKind: Equatable {
    /// `kty: privacy-runtime`: a runtime key's secret.
    case runtimeSecret
    /// `kty: OKP`, `crv: Ed25519`: the exported public half of a runtime key.
    case runtimeSigningPublic
    /// `kty: DAJ` with `p`/`q`: the key holder's Paillier private key.
    case paillierPrivate
    /// `kty: DAJ` without private fields: a Paillier public key.
    case paillierPublic
    /// Some other `kty`.
    case other(String)

    /// The fields that tell the kinds apart.
    private struct Probe: Decodable {
        var kty: String
        var crv: String?
        var p: String?
        var q: String?
        var key_ops: [String]?
    }

    /// The kind of the key file `data`; nil when it is not a JSON object with a string `kty`.
    init?(_ data: Data) {
        guard let probe = try? JSONDecoder().decode(Probe.self, from: data) else { return nil }
        switch probe.kty {
        case RuntimeKeyJSON.secretKty: self = .runtimeSecret
        case "OKP" where probe.crv == "Ed25519": self = .runtimeSigningPublic
        case "DAJ":
            let isPrivate = probe.p != nil || probe.q != nil || probe.key_ops?.contains("decrypt") == true
            self = isPrivate ? .paillierPrivate : .paillierPublic
        default: self = .other(probe.kty)
        }
    }
}
