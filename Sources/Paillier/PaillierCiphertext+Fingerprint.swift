import Crypto

extension PaillierCiphertext {
    /// The first 16 hex digits of SHA-256 over the decimal ciphertext, as stored (`v`): enough to tell
    /// aggregates apart on a terminal and to match a printed line with a stored row
    /// (`printf %s "$v" | sha256sum`), without printing a 1,200-digit number.
    public var fingerprint: String {
        Self.fingerprint(decimal: value.description)
    }

    /// The fingerprint of a ciphertext given as its decimal text (a stored `v`).
    public static func fingerprint(decimal: String) -> String {
        SHA256.hash(data: Array(decimal.utf8)).prefix(8).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
