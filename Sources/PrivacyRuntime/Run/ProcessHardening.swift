import CProcessControl
import Foundation

/// Keeps the plaintext readings a run holds in memory out of core dumps: the run command calls
/// `disableCoreDumps()` before it reads anything.
public enum ProcessHardening {
    /// Sets the core size limit to 0 (soft and hard, so the process cannot raise it again) and clears the dumpable
    /// flag (`PR_SET_DUMPABLE` 0: no core dump even where the limit is ignored, e.g. a `core_pattern` pipe, and no
    /// ptrace attach or /proc/PID/mem read by other processes of the same user).
    public static func disableCoreDumps() throws(RuntimeError) {
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        guard setrlimit(coreResource, &none) == 0 else {
            throw .invalidRun("cannot disable core dumps (setrlimit RLIMIT_CORE): \(String(cString: strerror(errno)))")
        }
        guard cprocess_set_dumpable(0) == 0 else {
            throw .invalidRun("cannot disable core dumps (prctl PR_SET_DUMPABLE): \(String(cString: strerror(errno)))")
        }
    }

    /// The core size limit, soft and hard, in bytes.
    public static var coreLimit: (soft: UInt64, hard: UInt64) {
        var limit = rlimit()
        _ = getrlimit(coreResource, &limit)
        return (UInt64(limit.rlim_cur), UInt64(limit.rlim_max))
    }

    /// Whether the process may be dumped (`PR_GET_DUMPABLE`); nil where the system cannot say.
    public static var isDumpable: Bool? {
        let flag = cprocess_get_dumpable()
        return flag < 0 ? nil : flag != 0
    }

    #if os(Linux)
    private static let coreResource = __rlimit_resource_t(RLIMIT_CORE.rawValue)
    #else
    private static let coreResource = RLIMIT_CORE
    #endif
}
