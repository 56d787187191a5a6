import Foundation
import Policy

extension StageOptions {
    /// The rule for a stage that connects to a server (a broker, a database): to anything but loopback only with
    /// TLS that verifies the server's certificate, unless `allow_plaintext:` names that very host (so a later change
    /// of `host` is not covered by an old opt-out). `verified` says whether the stage's TLS settings verify the
    /// server; `how` tells the user which option does (e.g. "set cafile"); `key` is the option that names the host,
    /// where an error points. A password sent without verified TLS draws a warning, on loopback too.
    public mutating func requireVerifiedTLS(host: String, verified: Bool, how: String, password: Bool, key: String = "host") {
        let allowed = string("allow_plaintext")
        if !verified, !Self.isLoopback(host) {
            if allowed == nil {
                error("the connection to a host other than loopback needs TLS with certificate verification (\(how)); to send in the clear, set 'allow_plaintext:' to that host name", at: key)
            } else if allowed != host {
                error("'allow_plaintext' must be exactly the host it permits without verified TLS, and it names another host", at: "allow_plaintext")
            }
        }
        if password, !verified {
            warning("the password is sent without TLS that verifies the server (\(how)): anyone who can read or redirect the connection learns it", at: "password")
        }
    }

    /// Whether `host` names this machine's loopback interface: `localhost`, 127.0.0.0/8 or ::1 (written with or
    /// without brackets). Names are not resolved: any other name may lead elsewhere.
    public static func isLoopback(_ host: String) -> Bool {
        if host.lowercased() == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, bare, &v6) == 1 else { return false }
        return withUnsafeBytes(of: &v6) { bytes in bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1 }
    }
}
