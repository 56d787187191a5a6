/// A partition this instance holds: its claim, the lease entry's latest revision (what the next renewal expects),
/// the pipeline that works on it and whether that pipeline has ended.
struct HeldPartition {
    let lease: PartitionLease
    var lastRevision: UInt64
    let runner: PipelineRunner
    /// The pipeline ended (end of input); the claim is kept, so no other instance replays the partition.
    var finished = false
    /// The claim was lost and the pipeline told to stop.
    var givenUp = false
}
