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
    /// The group's key, which readings encrypted at the meter are under.
    private let publicKey: PaillierPublicKey
    /// Plaintext values in units of the group's resolution; reserved for the whole batch up front, so appending
    /// never moves them (a move would free the old buffer unwiped), and wiped by the purge.
    private var values: [Int64] = []
    /// Per reading, one ciphertext per value; per window, one fresh E(0) per entry of `openings`.
    private var ciphertexts: [PaillierCiphertext] = []
    /// Readings encrypted at the meter, checked by admission (coprimality maybe left to the fold); no plaintext.
    private var meterCiphertexts: [PaillierCiphertext] = []
    /// Per window: the windows that get their first ciphertext in this batch, in the order of `ciphertexts`.
    private var openings: [OpenWindow<any WindowAccumulator>] = []
    /// Where the readings go, in admission order.
    private var folds: [Fold] = []
    /// The input item the last value came from, so a reading several policies accept is encrypted once.
    private var lastItem = -1

    /// One reading folded into one policy's window.
    private struct Fold {
        /// The input item the reading came from.
        let item: Int
        /// Index into `values` (plain) or `meterCiphertexts` (encrypted at the meter).
        let reading: Int
        let encrypted: Bool
        let policy: Int
        let window: OpenWindow<any WindowAccumulator>
        /// The reading's timestamp (a billing period's band depends on it).
        let timestamp: Int64
    }

    /// An empty batch for a group whose encryptor is `encryptor` (its mode and key), with room for `capacity` readings.
    init(encryptor: any ReadingEncryptor, capacity: Int) {
        self.mode = encryptor.mode
        self.publicKey = encryptor.publicKey
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
            folds.append(Fold(item: item, reading: values.count - 1, encrypted: false, policy: policy, window: window, timestamp: timestamp))
        case .ciphertext(let ciphertext):
            if isNew { meterCiphertexts.append(ciphertext) }
            folds.append(Fold(item: item, reading: meterCiphertexts.count - 1, encrypted: true, policy: policy, window: window, timestamp: timestamp))
        }
    }

    /// Withdraws the reading encrypted at the meter that `policy` admitted into this batch for `meterID` at `timestamp`
    /// when its ciphertext is not a unit, so that a later reading which admission refused as its duplicate can be
    /// offered again, as it would have been had the bad one been refused at admission; nil when there is none, or it
    /// is a unit (the duplicate stands). Only duplicates pay this check; `items` names each fold's meter.
    mutating func withdrawNonUnit(policy: Int, meterID: String, timestamp: Int64, items: [SourceItem]) -> RefusedFold? {
        guard let index = folds.lastIndex(where: { fold in
            guard needsUnitCheck(fold), fold.policy == policy, fold.timestamp == timestamp,
                  case .record(let record) = items[fold.item] else { return false }
            return record.meterID == meterID
        }), !publicKey.nonUnits(among: [meterCiphertexts[folds[index].reading]]).isEmpty else { return nil }
        let fold = folds.remove(at: index)
        return RefusedFold(item: fold.item, policy: fold.policy, window: fold.window, timestamp: fold.timestamp)
    }

    /// Encrypts with `encryptor`: every value (per reading), or one 0 for each window that has no ciphertext yet
    /// (per window).
    mutating func encrypt(with encryptor: any ReadingEncryptor) async throws {
        let expected: Int
        switch mode {
        case .perReading:
            expected = values.count
            if expected > 0 { ciphertexts = try await encryptor.encrypt(batch: values) }
        case .perWindow:
            var seen = Set<ObjectIdentifier>()
            openings = folds.lazy.map(\.window).filter {
                $0.payload.ciphertextCount == 0 && seen.insert(ObjectIdentifier($0)).inserted
            }
            expected = openings.count
            if expected > 0 { ciphertexts = try await encryptor.encryptionsOfZero(count: expected) }
        }
        guard ciphertexts.count == expected else {
            throw RuntimeError.stageFailed("encryptor returned \(ciphertexts.count) ciphertexts for \(expected) values")
        }
    }

    /// Folds every reading into its windows (per window, after giving each new window its E(0)); adds to
    /// `accepted[policy]` the readings each policy folded, and returns the readings encrypted at the meter it refused,
    /// since their ciphertexts are not units modulo n² (those whose coprimality admission left unchecked:
    /// `PaillierCiphertext.coprimalityChecked`). Each window takes its other readings in admission order, then those
    /// unchecked ones together: a window with at least `oneGcdMinimum` of them checks them from its aggregate
    /// (`WindowAccumulator.addCheckingUnits`, one gcd) or, for an accumulator that cannot tell, before folding; the
    /// batch's other windows' are checked together first, one gcd per share. When every window's accumulator allows
    /// it (`WindowAccumulator.foldsConcurrently`), different windows are folded at the same time on every core, off
    /// the cooperative pool.
    func fold(countingInto accepted: inout [Int]) async throws -> [RefusedFold] {
        for (window, zero) in zip(openings, ciphertexts) { window.payload.add(zero) }
        let lanes = WindowLanes(batch: self)
        let refusedFirst = try await lanes.nonUnitsInFewLanes()
        let refused = if folds.count >= Self.concurrentFoldMinimum, lanes.count > 1,
                         folds.allSatisfy({ $0.window.payload.foldsConcurrently }) {
            try await lanes.foldOnEveryCore(refusedFirst: refusedFirst)
        } else {
            lanes.foldOnThisThread(refusedFirst: refusedFirst)
        }
        for fold in folds { accepted[fold.policy] += 1 }
        return (refusedFirst.sorted() + refused).map { index in
            let fold = folds[index]
            accepted[fold.policy] -= 1
            return RefusedFold(item: fold.item, policy: fold.policy, window: fold.window, timestamp: fold.timestamp)
        }
    }

    /// Readings encrypted at the meter a window needs for a gcd of its own (about 9 µs at 2048 bits) to cost less than
    /// checking them with the batch's others (a product and a division each, about 1.5 µs).
    private static let oneGcdMinimum = 8

    /// A reading encrypted at the meter that the fold refused (its ciphertext shares a factor with n) and did not fold;
    /// admission had taken it into `window`, which the processor takes it back out of.
    struct RefusedFold {
        /// The input item it came from.
        let item: Int
        /// The policy that admitted it.
        let policy: Int
        /// The window admission put it in.
        let window: OpenWindow<any WindowAccumulator>
        /// The reading's timestamp.
        let timestamp: Int64
    }

    /// Whether `fold` is a reading encrypted at the meter whose coprimality with n admission left to the fold.
    private func needsUnitCheck(_ fold: Fold) -> Bool {
        fold.encrypted && !meterCiphertexts[fold.reading].coprimalityChecked
    }

    /// Below this many folds a batch is folded on the processor's thread: handing lanes out costs more than it saves.
    private static let concurrentFoldMinimum = 64

    /// Folds one reading into its window: a ciphertext (per reading), or a plaintext (per window); a reading encrypted
    /// at the meter only once its ciphertext is known to be a unit.
    private func apply(_ fold: Fold) {
        if fold.encrypted {
            fold.window.payload.add(meterCiphertexts[fold.reading], at: fold.timestamp)
        } else if mode == .perReading {
            fold.window.payload.add(ciphertexts[fold.reading], at: fold.timestamp)
        } else {
            fold.window.payload.add(plaintext: values[fold.reading], at: fold.timestamp)
        }
    }

    /// Folds one window's readings: those known to be units one by one, in admission order, then those whose
    /// coprimality is unchecked: a few were checked before with the batch's other few (`refusedFirst` holds the
    /// refused ones), more are checked here, from the aggregate when the accumulator can; returns the ones refused
    /// here.
    private func foldLane(_ lane: WindowLanes.Lane, refusedFirst: Set<Int>) -> [Int] {
        for index in lane.known { apply(folds[index]) }
        let encrypted = lane.unchecked
        guard !lane.isCheckedWithOthers else {
            for index in encrypted where !refusedFirst.contains(index) { apply(folds[index]) }
            return []
        }
        let readings = encrypted.map { meterCiphertexts[folds[$0].reading] }
        if let refused = folds[encrypted[0]].window.payload.addCheckingUnits(readings, at: encrypted.map { folds[$0].timestamp }) {
            return refused.map { encrypted[$0] }
        }
        let refused = publicKey.nonUnits(among: readings)
        for (place, index) in encrypted.enumerated() where !refused.contains(place) { apply(folds[index]) }
        return refused.map { encrypted[$0] }
    }

    /// A batch's folds split into lanes, one per window, each in admission order.
    /// `@unchecked Sendable` because windows and their accumulators are classes; sound because every window is in
    /// exactly one lane (no accumulator is used from two threads), its accumulator declared `foldsConcurrently`, and
    /// the processor awaits the fold before anything touches the windows again.
    private struct WindowLanes: @unchecked Sendable {
        /// One window's folds (indices into the batch's), each kind in admission order.
        struct Lane {
            /// Plain readings, and readings encrypted at the meter known to be units.
            var known: [Int] = []
            /// Readings encrypted at the meter whose coprimality admission left to the fold.
            var unchecked: [Int] = []

            /// Whether its unchecked readings are too few for a gcd of their own (fewer than `oneGcdMinimum`), so
            /// they are checked with the batch's other few before the fold.
            var isCheckedWithOthers: Bool { unchecked.count < GroupBatch.oneGcdMinimum }
        }

        let batch: GroupBatch
        private var lanes: [Lane] = []

        /// The lanes of `batch`'s folds.
        init(batch: GroupBatch) {
            self.batch = batch
            var laneOfWindow: [ObjectIdentifier: Int] = [:]
            for (index, fold) in batch.folds.enumerated() {
                let window = ObjectIdentifier(fold.window)
                let lane = laneOfWindow[window] ?? lanes.count
                if lane == lanes.count {
                    laneOfWindow[window] = lane
                    lanes.append(Lane())
                }
                if batch.needsUnitCheck(fold) { lanes[lane].unchecked.append(index) } else { lanes[lane].known.append(index) }
            }
        }

        /// Number of windows.
        var count: Int { lanes.count }

        /// The readings whose coprimality is unchecked in lanes with fewer than `oneGcdMinimum` of them that are not
        /// units (indices into the batch's folds), checked together in shares on every core, one gcd per share.
        func nonUnitsInFewLanes() async throws -> Set<Int> {
            let few = lanes.filter(\.isCheckedWithOthers).flatMap(\.unchecked)
            guard !few.isEmpty else { return [] }
            let shares = stride(from: 0, to: few.count, by: 256).map { Array(few[$0..<min($0 + 256, few.count)]) }
            let refused = try await CPUBoundWork.map(shares, share: 1) { share in
                batch.publicKey.nonUnits(among: share.map { batch.meterCiphertexts[batch.folds[$0].reading] }).map { share[$0] }
            }
            return Set(refused.joined())
        }

        /// Folds every lane on the calling thread; returns the folds refused there.
        func foldOnThisThread(refusedFirst: Set<Int>) -> [Int] {
            lanes.flatMap { batch.foldLane($0, refusedFirst: refusedFirst) }
        }

        /// Folds every lane, shares of lanes handed out to the cores as they free up, off the cooperative pool; returns
        /// the folds refused there.
        func foldOnEveryCore(refusedFirst: Set<Int>) async throws -> [Int] {
            try await CPUBoundWork.map(Array(lanes.indices), share: 1) { lane in
                batch.foldLane(lanes[lane], refusedFirst: refusedFirst)
            }.flatMap { $0 }
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
