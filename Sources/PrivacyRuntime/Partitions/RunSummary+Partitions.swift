extension RunSummary {
    /// Adds the counts of `other`, a run of the same policies over another partition.
    mutating func absorb(_ other: RunSummary) {
        recordsRead += other.recordsRead
        stopped = stopped || other.stopped
        for (index, theirs) in other.policies.enumerated() where policies.indices.contains(index) {
            policies[index].accepted += theirs.accepted
            policies[index].rejected.merge(theirs.rejected, uniquingKeysWith: +)
            policies[index].windowsReleased += theirs.windowsReleased
            policies[index].windowsSuppressed += theirs.windowsSuppressed
            policies[index].windowsBelowCoverage += theirs.windowsBelowCoverage
            policies[index].windowsDiscarded += theirs.windowsDiscarded
            policies[index].openWindows += theirs.openWindows
            policies[index].windowsIncomplete += theirs.windowsIncomplete
            policies[index].incompleteAction = theirs.incompleteAction
        }
    }
}
