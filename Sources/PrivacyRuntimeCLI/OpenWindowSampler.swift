import Foundation

/// Remembers the most open windows any progress report showed and the resident memory at that report, so the
/// memory an open window costs can be told apart from the transient memory of releasing windows.
final class OpenWindowSampler: @unchecked Sendable {
    private let lock = NSLock()
    private var windows = 0
    private var residentBytes: Int?

    /// The most open windows seen (0 before the first report) and the RSS when they were seen.
    var highest: (openWindows: Int, residentBytes: Int?) { lock.withLock { (windows, residentBytes) } }

    /// Records a report of `openWindows`; samples the RSS when it is the most so far.
    func record(openWindows: Int) {
        lock.withLock {
            guard openWindows >= windows else { return }
            windows = openWindows
            residentBytes = PeakMemory.currentBytes()
        }
    }
}
