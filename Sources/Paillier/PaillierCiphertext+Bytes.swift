extension PaillierCiphertext {
    /// The ciphertext as a big-endian magnitude (no leading zero bytes), for compact binary state such as a sealed
    /// checkpoint; `init(bigEndian:publicKey:)` reads it back.
    public var bigEndianBytes: [UInt8] { value.bigEndianMagnitude }

    /// Reads a ciphertext written by `bigEndianBytes` and checks it belongs to `publicKey`: in [1, n²), coprime with n.
    public init(bigEndian bytes: some Collection<UInt8>, publicKey: PaillierPublicKey) throws {
        let value = BigInteger(bigEndianMagnitude: bytes)
        try publicKey.validateCiphertext(value)
        self.init(unchecked: value, keyID: publicKey.keyID)
    }
}
