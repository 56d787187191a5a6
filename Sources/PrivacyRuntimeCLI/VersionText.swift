import Paillier
import Policy

/// What `privacy-runtime --version` prints: the release, the git commit built from, and the C libraries linked.
enum VersionText {
    /// The release version of this source tree.
    static let release = "0.1.0"

    /// `privacy-runtime 0.1.0 (commit 0123456789ab)` and a line with the GMP and libyaml versions.
    static var text: String {
        "privacy-runtime \(release) (commit \(BuildInfo.commit))\nGMP \(GMPLibrary.version), libyaml \(YAMLLibrary.version)"
    }
}
