/// Policies that can share ciphertexts (same encryptor `sharingKey` and resolution): each accepted reading is
/// encrypted once for the whole group, however many of its policies accept it, and purged by the group's purger.
struct EncryptionGroup {
    /// The group's encryptor.
    let encryptor: any ReadingEncryptor
    /// The group's purge stage (the first policy's).
    let purger: any ReadingPurger
    /// Fraction digits of the group's resolution.
    let decimalPlaces: Int
    /// Indices of the group's policies in the run.
    var policies: [Int]

    /// `sharingKey` plus resolution: the identity of a group.
    static func identity(_ encryptor: any ReadingEncryptor, decimalPlaces: Int) -> String {
        "\(encryptor.sharingKey)|\(decimalPlaces)"
    }
}
