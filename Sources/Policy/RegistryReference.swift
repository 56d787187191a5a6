import Foundation

/// The policy's `registry:` section: the meter registry the runtime admits readings against, and the public key of
/// the registry authority that must have signed it (not the key holder's: a registry the key holder signs lets it
/// register made-up meters).
public struct RegistryReference: Sendable, Hashable {
    /// The registry file (`registry.path`, resolved against the policy's directory).
    public let path: URL
    /// The authority's Ed25519 public key, base64url (`registry.authority_key`); checked for shape here, verified
    /// against the file's signature when the runtime loads it.
    public let authorityKey: String

    /// Creates a reference.
    public init(path: URL, authorityKey: String) {
        self.path = path
        self.authorityKey = authorityKey
    }

    /// Whether `text` has the shape of a 32-byte key in base64url without padding: 43 characters of the URL-safe
    /// alphabet, the last of which carries only 4 bits.
    static func isKeyShaped(_ text: String) -> Bool {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        guard text.count == 43, text.allSatisfy({ alphabet.contains($0) }), let last = text.last,
              let value = alphabet.firstIndex(of: last) else { return false }
        return value % 4 == 0
    }
}
