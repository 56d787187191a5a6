import Paillier

/// The readings of one input batch that one encryption group encrypts, from admission to purge: each
/// reading's plaintext value, its ciphertext once encrypted, and the windows it folds into. The batch is
/// their one owner: the steps take it in turn (admit → encrypt → fold → purge) and nothing else holds a reading.
struct GroupBatch {
    /// Plaintext values in units of the group's resolution; wiped by the purge.
    private var values: [Int64] = []
    /// One ciphertext per value once `encrypt` ran.
    private var ciphertexts: [PaillierCiphertext] = []
    /// Where the readings go, in admission order.
    private var folds: [Fold] = []
    /// The input item the last value came from, so a reading several policies accept is encrypted once.
    private var lastItem = -1

    /// One reading folded into one policy's window.
    private struct Fold {
        let reading: Int
        let policy: Int
        let window: OpenWindow<any WindowAccumulator>
    }

    /// Readings (distinct values) in the batch.
    var count: Int { values.count }

    /// Adds input item `item`'s value `units`, accepted by policy `policy` into `window`. Called once per accepting
    /// policy; the value is stored once per item.
    mutating func add(units: Int64, item: Int, policy: Int, window: OpenWindow<any WindowAccumulator>) {
        if item != lastItem {
            values.append(units)
            lastItem = item
        }
        folds.append(Fold(reading: values.count - 1, policy: policy, window: window))
    }

    /// Encrypts every value with `encryptor`.
    mutating func encrypt(with encryptor: any ReadingEncryptor) async throws {
        guard !values.isEmpty else { return }
        ciphertexts = try await encryptor.encrypt(batch: values)
        guard ciphertexts.count == values.count else {
            throw RuntimeError.stageFailed("encryptor returned \(ciphertexts.count) ciphertexts for \(values.count) readings")
        }
    }

    /// Folds every ciphertext into its windows; adds to `accepted[policy]` the readings each policy folded.
    func fold(countingInto accepted: inout [Int]) {
        for fold in folds {
            fold.window.payload.add(ciphertexts[fold.reading])
            accepted[fold.policy] += 1
        }
    }

    /// Destroys the readings with `purger` and forgets their windows; returns the purger's count.
    mutating func purge(with purger: any ReadingPurger) -> Int {
        folds.removeAll()
        return purger.purge(values: &values, ciphertexts: &ciphertexts)
    }
}
