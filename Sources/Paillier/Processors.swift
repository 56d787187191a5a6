import Foundation

/// The processors this process may use, read once: Foundation on Linux reads the cgroup's CPU quota files at every
/// `activeProcessorCount` call (two opens and reads, some 600 times in a 100,000-reading run before this).
public enum Processors {
    /// `ProcessInfo.processInfo.activeProcessorCount` at first use.
    public static let active = ProcessInfo.processInfo.activeProcessorCount
}
