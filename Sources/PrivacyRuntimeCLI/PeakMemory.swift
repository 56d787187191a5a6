import Foundation

/// The process's resident memory as Linux reports it in /proc/self/status.
enum PeakMemory {
    /// Peak resident set size so far (VmHWM) in bytes; nil where /proc is not available.
    static func peakBytes() -> Int? { status("VmHWM") }

    /// Current resident set size (VmRSS) in bytes; nil where /proc is not available.
    static func currentBytes() -> Int? { status("VmRSS") }

    /// Resets the peak to the current resident size (writes 5 to /proc/self/clear_refs, Linux 4.0+), so a later
    /// `peakBytes()` covers only what ran in between; false where that is not possible.
    @discardableResult
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    /// A `Name:  1234 kB` line of /proc/self/status in bytes.
    private static func status(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.dropFirst(name.count + 1).filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }
}
