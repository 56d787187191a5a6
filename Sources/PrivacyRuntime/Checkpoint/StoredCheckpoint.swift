/// A sealed checkpoint as a store keeps it: the stream sequence it covers (also bound into the seal) and the
/// sealed bytes, which only the runtime key opens.
public struct StoredCheckpoint: Sendable, Equatable {
    /// Every message up to this stream sequence is in the state; a resumed reader starts at `sequence + 1`.
    public var sequence: UInt64
    /// AES-256-GCM nonce ‖ ciphertext ‖ tag under the runtime key's checkpoint key.
    public var sealed: [UInt8]

    /// Creates a stored checkpoint.
    public init(sequence: UInt64, sealed: [UInt8]) {
        self.sequence = sequence
        self.sealed = sealed
    }
}
