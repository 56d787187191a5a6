/// One batch as the reader hands it to the processor: the source's items, the verdicts on its readings encrypted at
/// the meter (reached by the reader, so that the processor's admission and fold of one batch overlap the checks of the
/// next) and, over a checkpointed source, the stream sequence of the batch's last message (a checkpoint taken after
/// the batch covers it).
struct SourceBatch: Sendable {
    /// The items, in input order.
    var items: [SourceItem]
    /// The verdicts of the run's ciphertext checks on the items' encrypted readings.
    var verdicts = CiphertextVerdicts()
    /// The stream sequence after the batch; nil for a source without positions.
    var position: UInt64?
}
