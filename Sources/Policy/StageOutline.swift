import Foundation

/// What a stage says about itself while its factory reads its options, so that `check` and the runtime need not
/// know any stage's option keys: the file or server a sink writes, the key an encryptor encrypts under.
public struct StageOutline: Sendable {
    /// A file the stage writes (a sink's database or JSON Lines file); also where rejects go by default.
    public var file: URL?
    /// The server the stage writes to, e.g. `db.internal, database meters`, when it writes no local file.
    public var server: String?
    /// The public key an encryptor encrypts under.
    public var key: KeyOutline?
    /// How an encryptor folds readings into a window (nil: a stage that is not an encryptor, or does not say).
    public var encryptionMode: EncryptionMode?
    /// How a source checkpoints the pipeline's state (how often, where), for `check`; nil when it does not.
    public var checkpoints: String?

    /// A source's number of partitions when its instances claim partitions through leases; nil when it is not partitioned.
    public var partitions: Int?
    /// Whether a sink checks every write's fencing token against the highest it has stored (required with partitions).
    public var checksFencingTokens = false
    /// Whether a sink stores each (policy, scope key, window start) once and keeps the first row (required with
    /// `noise:`: a window released again after a crash carries a fresh noise draw, and two draws of one window
    /// average the noise away).
    public var insertsOnce = false

    /// An outline that says nothing.
    public init() {}

    /// The public key an encryptor names, as `check` shows it.
    public struct KeyOutline: Sendable {
        /// The key's id (JWK `kid`), with its label when it has one.
        public var id: String
        /// Whether the key is marked as a demo key (its private key is published).
        public var isDemo: Bool
        /// The key's modulus size in bits.
        public var bits: Int
        /// The public key file, when the key comes from one.
        public var file: URL?

        /// Creates a key outline.
        public init(id: String, isDemo: Bool, bits: Int, file: URL? = nil) {
            self.id = id
            self.isDemo = isDemo
            self.bits = bits
            self.file = file
        }
    }
}
