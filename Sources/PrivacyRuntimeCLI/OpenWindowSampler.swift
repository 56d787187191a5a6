import Synchronization

/// Remembers the most open windows any progress report showed and the resident memory at that report, so the
/// memory an open window costs can be told apart from the transient memory of releasing windows.
final class OpenWindowSampler: Sendable {
    private let state = Mutex<(openWindows: Int, residentBytes: Int?)>((0, nil))

    /// The most open windows seen (0 before the first report) and the RSS when they were seen.
    var highest: (openWindows: Int, residentBytes: Int?) { state.withLock { $0 } }

    /// Records a report of `openWindows`; samples the RSS when it is the most so far.
    func record(openWindows: Int) {
        state.withLock { highest in
            guard openWindows >= highest.openWindows else { return }
            highest = (openWindows, PeakMemory.currentBytes())
        }
    }
}
