import Paillier
import Policy

/// The readings of one input batch that one encryption group encrypts, from admission to purge: each
/// reading's plaintext value, the ciphertexts once encrypted, and the windows it folds into. The batch is
/// their one owner: the steps take it in turn (admit → encrypt → fold → purge) and nothing else holds a reading.
///
/// Per reading, every value is encrypted and its ciphertext folded into its windows. Per window, only the windows
/// the batch opens get an encryption (a fresh E(0) each, made on every core like readings' encryptions), and every
/// value is added into its windows as a plaintext before the purge wipes it. A reading encrypted at the meter is
/// folded in as its ciphertext in either mode (after the window's E(0) per window), one multiplication.
struct GroupBatch {
    /// How the group folds readings in.
    private let mode: EncryptionMode
    /// Plaintext values in units of the group's resolution; reserved for the whole batch up front, so appending
    /// never moves them (a move would free the old buffer unwiped), and wiped by the purge.
    private var values: [Int64] = []
    /// Per reading, one ciphertext per value; per window, one fresh E(0) per entry of `openings`.
    private var ciphertexts: [PaillierCiphertext] = []
    /// Readings encrypted at the meter, checked by admission; no plaintext.
    private var meterCiphertexts: [PaillierCiphertext] = []
    /// Per window: the windows that get their first ciphertext in this batch, in the order of `ciphertexts`.
    private var openings: [OpenWindow<any WindowAccumulator>] = []
    /// Where the readings go, in admission order.
    private var folds: [Fold] = []
    /// The input item the last value came from, so a reading several policies accept is encrypted once.
    private var lastItem = -1

    /// One reading folded into one policy's window.
    private struct Fold {
        /// Index into `values` (plain) or `meterCiphertexts` (encrypted at the meter).
        let reading: Int
        let encrypted: Bool
        let policy: Int
        let window: OpenWindow<any WindowAccumulator>
        /// The reading's timestamp (a billing period's band depends on it).
        let timestamp: Int64
    }

    /// An empty batch for a group that folds readings in `mode`, with room for `capacity` readings.
    init(mode: EncryptionMode, capacity: Int) {
        self.mode = mode
        values.reserveCapacity(capacity)
    }

    /// Readings (distinct values, plain or encrypted at the meter) in the batch.
    var count: Int { values.count + meterCiphertexts.count }

    /// Adds input item `item`'s value, accepted by policy `policy` into `window`. Called once per accepting
    /// policy; the value is stored once per item.
    mutating func add(_ value: AdmittedValue, item: Int, policy: Int, window: OpenWindow<any WindowAccumulator>, timestamp: Int64) {
        let isNew = item != lastItem
        lastItem = item
        switch value {
        case .units(let units):
            if isNew { values.append(units) }
            folds.append(Fold(reading: values.count - 1, encrypted: false, policy: policy, window: window, timestamp: timestamp))
        case .ciphertext(let ciphertext):
            if isNew { meterCiphertexts.append(ciphertext) }
            folds.append(Fold(reading: meterCiphertexts.count - 1, encrypted: true, policy: policy, window: window, timestamp: timestamp))
        }
    }

    /// Encrypts with `encryptor`: every value (per reading), or one 0 for each window that has no ciphertext yet
    /// (per window).
    mutating func encrypt(with encryptor: any ReadingEncryptor) async throws {
        let plaintexts: [Int64]
        switch mode {
        case .perReading:
            plaintexts = values
        case .perWindow:
            var seen = Set<ObjectIdentifier>()
            openings = folds.lazy.map(\.window).filter {
                $0.payload.ciphertextCount == 0 && seen.insert(ObjectIdentifier($0)).inserted
            }
            plaintexts = Array(repeating: 0, count: openings.count)
        }
        guard !plaintexts.isEmpty else { return }
        ciphertexts = try await encryptor.encrypt(batch: plaintexts)
        guard ciphertexts.count == plaintexts.count else {
            throw RuntimeError.stageFailed("encryptor returned \(ciphertexts.count) ciphertexts for \(plaintexts.count) values")
        }
    }

    /// Folds every reading into its windows (per window, after giving each new window its E(0)); adds to
    /// `accepted[policy]` the readings each policy folded. Each window takes its readings in admission order; when
    /// every window's accumulator allows it (`WindowAccumulator.foldsConcurrently`), different windows are folded at
    /// the same time on every core, off the cooperative pool.
    func fold(countingInto accepted: inout [Int]) async throws {
        for fold in folds { accepted[fold.policy] += 1 }
        for (window, zero) in zip(openings, ciphertexts) { window.payload.add(zero) }
        if folds.count >= Self.concurrentFoldMinimum, folds.allSatisfy({ $0.window.payload.foldsConcurrently }) {
            let lanes = WindowLanes(batch: self)
            if lanes.count > 1 {
                try await lanes.foldOnEveryCore()
                return
            }
        }
        for fold in folds { apply(fold) }
    }

    /// Below this many folds a batch is folded on the processor's thread: handing lanes out costs more than it saves.
    private static let concurrentFoldMinimum = 64

    /// Folds one reading into its window: a ciphertext (encrypted at the meter, or per reading), or a plaintext
    /// (per window).
    private func apply(_ fold: Fold) {
        if fold.encrypted {
            fold.window.payload.add(meterCiphertexts[fold.reading], at: fold.timestamp)
        } else if mode == .perReading {
            fold.window.payload.add(ciphertexts[fold.reading], at: fold.timestamp)
        } else {
            fold.window.payload.add(plaintext: values[fold.reading], at: fold.timestamp)
        }
    }

    /// A batch's folds split into lanes, one per window, each in admission order, for `CPUBoundWork.map`.
    /// `@unchecked Sendable` because windows and their accumulators are classes; sound because every window is in
    /// exactly one lane (no accumulator is used from two threads), its accumulator declared `foldsConcurrently`, and
    /// the processor awaits the fold before anything touches the windows again.
    private struct WindowLanes: @unchecked Sendable {
        let batch: GroupBatch
        private var lanes: [[Int]] = []

        /// The lanes of `batch`'s folds.
        init(batch: GroupBatch) {
            self.batch = batch
            var laneOfWindow: [ObjectIdentifier: Int] = [:]
            for (index, fold) in batch.folds.enumerated() {
                let window = ObjectIdentifier(fold.window)
                if let lane = laneOfWindow[window] {
                    lanes[lane].append(index)
                } else {
                    laneOfWindow[window] = lanes.count
                    lanes.append([index])
                }
            }
        }

        /// Number of windows.
        var count: Int { lanes.count }

        /// Folds every lane, shares of lanes handed out to the cores as they free up, off the cooperative pool.
        func foldOnEveryCore() async throws {
            _ = try await CPUBoundWork.map(Array(lanes.indices), share: 1) { lane in
                for index in lanes[lane] { batch.apply(batch.folds[index]) }
            }
        }
    }

    /// Destroys the readings with `purger` and forgets their windows; returns the purger's count plus the readings
    /// encrypted at the meter, whose ciphertexts (no plaintext) are released here.
    mutating func purge(with purger: any ReadingPurger) -> Int {
        folds.removeAll()
        openings.removeAll()
        let encrypted = meterCiphertexts.count
        meterCiphertexts.removeAll()
        return purger.purge(values: &values, ciphertexts: &ciphertexts) + encrypted
    }
}
