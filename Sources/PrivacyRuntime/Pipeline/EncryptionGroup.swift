/// Policies that can share ciphertexts (same encryptor `sharingKey`, mode and resolution): each accepted reading
/// is encrypted once for the whole group (or, per window, added as a plaintext to each accepting policy's window),
/// however many of its policies accept it, and purged by the group's purger.
struct EncryptionGroup {
    /// The group's encryptor; its `mode` is the group's.
    let encryptor: any ReadingEncryptor
    /// The group's purge stage (the first policy's).
    let purger: any ReadingPurger
    /// Fraction digits of the group's resolution.
    let decimalPlaces: Int
    /// Indices of the group's policies in the run.
    var policies: [Int]

    /// `sharingKey`, mode and resolution: the identity of a group (policies of one group fold the same way).
    static func identity(_ encryptor: any ReadingEncryptor, decimalPlaces: Int) -> String {
        "\(encryptor.sharingKey)|\(encryptor.mode.rawValue)|\(decimalPlaces)"
    }
}
