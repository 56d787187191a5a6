import Foundation

/// How to reach and log in to a NATS server (or cluster): shared by the `nats` source and `publish --nats`.
public struct NATSConnectionSettings: Sendable {
    /// Server URL(s), comma-separated for a cluster: `nats://host:4222`, or `tls://host:4222` for TLS.
    public var url: String
    /// The connection's name, shown by the server's monitoring.
    public var name: String
    /// Login name; goes with `password`.
    public var username: String?
    /// Password for `username` (the policy layer substitutes `${VAR}`).
    public var password: String?
    /// Authentication token, instead of a login.
    public var token: String?
    /// A `.creds` file (user JWT and NKey seed), instead of a login or token.
    public var credentialsFile: String?
    /// CA certificate file; setting it (or a `tls://` URL) turns TLS on, and the server's certificate must chain to it.
    public var caFile: String?
    /// Client certificate file for mutual TLS; goes with `keyFile`.
    public var certFile: String?
    /// Client key file for mutual TLS.
    public var keyFile: String?
    /// The name the server's certificate must carry; nil checks the chain only.
    public var tlsHostname: String?

    /// Creates settings; only the URL is needed for an open loopback server.
    public init(
        url: String = "nats://127.0.0.1:4222", name: String = "privacy-runtime", username: String? = nil,
        password: String? = nil, token: String? = nil, credentialsFile: String? = nil, caFile: String? = nil,
        certFile: String? = nil, keyFile: String? = nil, tlsHostname: String? = nil
    ) {
        self.url = url
        self.name = name
        self.username = username
        self.password = password
        self.token = token
        self.credentialsFile = credentialsFile
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.tlsHostname = tlsHostname
    }

    /// Whether TLS is on: a CA file, a client certificate, or a `tls://` URL.
    public var usesTLS: Bool {
        caFile != nil || certFile != nil || url.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("tls://") }
    }

    /// The host of each server URL (`nats://user@host:4222` gives `host`, `tls://[::1]:4222` gives `[::1]`), for the
    /// transport rule; URLs without a scheme are left out (they are among `problems`).
    public var hosts: [String] {
        url.split(separator: ",").compactMap { server in
            let trimmed = server.trimmingCharacters(in: .whitespaces)
            guard let schemeEnd = trimmed.range(of: "://") else { return nil }
            var authority = trimmed[schemeEnd.upperBound...].prefix { $0 != "/" }
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            if authority.hasPrefix("[") { return authority.firstIndex(of: "]").map { String(authority[...$0]) } }
            return String(authority.prefix { $0 != ":" })
        }.filter { !$0.isEmpty }
    }

    /// Why these settings cannot work, each with the policy key it is about: a URL of another scheme, an incomplete
    /// or contradictory login, a client certificate without its key. Empty when they can.
    public var problems: [(key: String, message: String)] {
        var problems: [(key: String, message: String)] = []
        for server in url.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = server.trimmingCharacters(in: .whitespaces)
            if !(trimmed.hasPrefix("nats://") || trimmed.hasPrefix("tls://")) || trimmed.hasSuffix("//") {
                problems.append(("url", "'\(trimmed)' is not a nats://host:port or tls://host:port URL"))
            }
        }
        if (username == nil) != (password == nil) {
            problems.append((username == nil ? "password" : "username", "username and password go together"))
        }
        if [username != nil, token != nil, credentialsFile != nil].filter({ $0 }).count > 1 {
            problems.append((credentialsFile != nil ? "credentials" : "token", "use one of username/password, token and credentials"))
        }
        if (certFile == nil) != (keyFile == nil) {
            problems.append((certFile == nil ? "keyfile" : "certfile", "certfile and keyfile go together"))
        }
        if tlsHostname != nil, !usesTLS {
            problems.append(("tls_hostname", "tls_hostname needs TLS (cafile, certfile or a tls:// url)"))
        }
        return problems
    }
}
