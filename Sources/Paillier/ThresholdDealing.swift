/// What the dealer hands out: the threshold public key and one share per custodian.
public struct ThresholdDealing: Sendable {
    /// The public key with its verification keys.
    public let publicKey: ThresholdPublicKey
    /// Share i at index i − 1.
    public let shares: [KeyShare]
}
