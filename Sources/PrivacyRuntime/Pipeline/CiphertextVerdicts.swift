import Paillier

/// The verdicts on one input batch's readings encrypted at the meter, reached before admission on every core (parse,
/// key id, exponent, range, and coprimality once per core's share unless the check `defersCoprimality`), one list per
/// key among the policies that accept such readings. Admission, still one reading at a time in input order, takes each
/// verdict where it would have reached it itself. Deferred, coprimality is checked by the fold, from each window's sum
/// with one gcd, which hands back a reading that fails it (`GroupBatch.RefusedFold`); the processor then takes it out
/// of its window and rejects it as admission would have.
struct CiphertextVerdicts: Sendable {
    /// Per input item: its place among the batch's encrypted readings, or -1.
    private var places: [Int] = []
    /// Per check (by identity): a verdict per encrypted reading, in input order.
    private var verdicts: [ObjectIdentifier: [Result<PaillierCiphertext, CiphertextCheck.Refusal>]] = [:]

    /// No verdicts: admission checks each reading itself.
    init() {}

    /// The verdicts of each of `checks` (a check named twice runs once) on `items`' encrypted readings, reached on
    /// threads of their own (`CPUBoundWork`), every core working on each check's list.
    static func reach(for items: [SourceItem], checks: [CiphertextCheck]) async throws -> CiphertextVerdicts {
        guard !checks.isEmpty else { return CiphertextVerdicts() }
        var readings: [MeterCiphertext] = []
        let places = items.map { item in
            guard case .record(let record) = item, case .encrypted(let reading) = record.reading else { return -1 }
            readings.append(reading)
            return readings.count - 1
        }
        guard !readings.isEmpty else { return CiphertextVerdicts() }
        var result = CiphertextVerdicts()
        result.places = places
        for check in checks where result.verdicts[ObjectIdentifier(check)] == nil {
            let batch = readings
            result.verdicts[ObjectIdentifier(check)] = try await CPUBoundWork.run { check.verdicts(for: batch) }
        }
        return result
    }

    /// `check`'s verdict on input item `item`'s encrypted reading; nil when none was reached (a plain reading, or a
    /// check not run here), in which case admission checks the reading itself.
    func verdict(item: Int, check: CiphertextCheck) -> Result<PaillierCiphertext, CiphertextCheck.Refusal>? {
        guard item < places.count, places[item] >= 0, let list = verdicts[ObjectIdentifier(check)] else { return nil }
        return list[places[item]]
    }
}
