import Paillier

/// Policies that can share ciphertexts (same encryptor `sharingKey` and resolution): each accepted reading is
/// encrypted once for the whole group, however many of its policies accept it.
final class EncryptionGroup {
    let encryptor: any ReadingEncryptor
    let purger: any ReadingPurger
    let decimalPlaces: Int
    /// The batch's plaintext values accepted by at least one policy of the group (zeroed after folding).
    var values: [Int64] = []
    /// The batch's ciphertexts, index-aligned with `values` (released after folding).
    var ciphertexts: [PaillierCiphertext] = []

    init(encryptor: any ReadingEncryptor, purger: any ReadingPurger, decimalPlaces: Int) {
        self.encryptor = encryptor
        self.purger = purger
        self.decimalPlaces = decimalPlaces
    }

    /// `sharingKey` plus resolution: the identity of a group.
    static func identity(_ encryptor: any ReadingEncryptor, decimalPlaces: Int) -> String {
        "\(encryptor.sharingKey)|\(decimalPlaces)"
    }

    /// Encrypts the batch's values.
    func encrypt() async throws {
        ciphertexts = values.isEmpty ? [] : try await encryptor.encrypt(batch: values)
    }

    /// Destroys the batch's values and ciphertexts.
    func purge() {
        _ = purger.purge(values: &values, ciphertexts: &ciphertexts)
    }
}
