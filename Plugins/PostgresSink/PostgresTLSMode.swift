/// How the PostgreSQL sink secures its connection (`tls:` in the sink's policy section).
public enum PostgresTLSMode: String, Sendable, CaseIterable {
    /// Plain TCP; only for loopback or a trusted private network.
    case disable
    /// TLS required, the server certificate is not verified (protects against passive eavesdropping only).
    case require
    /// TLS required, the certificate chain and the host name are verified against the system's trust store.
    case verifyFull = "verify-full"
}
