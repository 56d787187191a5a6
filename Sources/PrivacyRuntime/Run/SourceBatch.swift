/// One batch as the reader hands it to the processor: the source's items and, over a checkpointed source, the
/// stream sequence of the batch's last message (a checkpoint taken after the batch covers it).
struct SourceBatch: Sendable {
    /// The items, in input order.
    var items: [SourceItem]
    /// The stream sequence after the batch; nil for a source without positions.
    var position: UInt64?
}
