import Foundation

/// Keeps the most recently built DJN table, so encryptors created one after another for the same
/// key (a runtime restarting a stage, tests) share one table instead of each paying its setup
/// time and memory. Holds at most one table; a different key or width replaces it.
final class DJNTableCache: @unchecked Sendable {
    /// The process-wide cache.
    static let shared = DJNTableCache()

    private let lock = NSLock()
    private var modulus: BigInteger?
    private var windowBits = 0
    private var table: FixedBaseTable?

    /// The cached table for `key` and `windowBits`, or a new one from `build` (run under the
    /// lock, so concurrent callers for the same key build it once).
    func table(for key: PaillierPublicKey, windowBits: Int, build: () -> FixedBaseTable) -> FixedBaseTable {
        lock.lock()
        defer { lock.unlock() }
        if let table, modulus == key.n, self.windowBits == windowBits { return table }
        table = nil
        let fresh = build()
        (modulus, self.windowBits, table) = (key.n, windowBits, fresh)
        return fresh
    }
}
