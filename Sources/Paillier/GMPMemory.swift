import CGMP

/// Installs GMP's zeroing allocator exactly once, before the first GMP integer is created.
///
/// Every `MPZ` initialiser calls `ensureInstalled()`; the lazily initialised static `let` is
/// guarded by the Swift runtime's `swift_once`, so installation is thread-safe and happens before
/// any GMP allocation made through this module. From then on, limbs that GMP frees or moves
/// (secrets, plaintexts, intermediate products) are overwritten with zeros first.
enum GMPMemory {
    private static let installed: Bool = {
        cgmp_install_zeroing_allocator()
        return true
    }()

    /// Guarantees the zeroing allocator is active; cheap after the first call.
    @inline(__always)
    static func ensureInstalled() {
        _ = installed
    }

    /// True when GMP frees through the zeroing hook (after `ensureInstalled()`).
    static var isZeroingAllocatorActive: Bool {
        cgmp_zeroing_allocator_installed() != 0
    }
}
