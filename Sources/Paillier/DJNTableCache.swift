import Synchronization

/// Keeps the most recently built DJN table, so encryptors created one after another for the same
/// key (a runtime restarting a stage, tests) share one table instead of each paying its setup
/// time and memory. Holds at most one table; a different key or width replaces it.
final class DJNTableCache: Sendable {
    /// The process-wide cache.
    static let shared = DJNTableCache()

    private struct Entry {
        var modulus: BigInteger
        var windowBits: Int
        var table: FixedBaseTable
    }

    private let entry = Mutex<Entry?>(nil)

    /// The cached table for `key` and `windowBits`, or a new one from `build` (run under the
    /// lock, so concurrent callers for the same key build it once).
    func table(for key: PaillierPublicKey, windowBits: Int, build: () -> FixedBaseTable) -> FixedBaseTable {
        entry.withLock { entry in
            if let cached = entry, cached.modulus == key.n, cached.windowBits == windowBits { return cached.table }
            entry = nil
            let fresh = build()
            entry = Entry(modulus: key.n, windowBits: windowBits, table: fresh)
            return fresh
        }
    }
}
