#ifndef PRIVACY_RUNTIME_CPROCESSCONTROL_SHIM_H
#define PRIVACY_RUNTIME_CPROCESSCONTROL_SHIM_H

#if defined(__linux__)
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

/// Sets the process's dumpable flag (0: no core dump, no ptrace attach by the same user, /proc files owned by
/// root): `prctl` is variadic, which Swift cannot call. Returns 0 on success, -1 with errno set; 0 elsewhere.
static inline int cprocess_set_dumpable(int dumpable) {
#if defined(__linux__)
    return prctl(PR_SET_DUMPABLE, (unsigned long)dumpable, 0UL, 0UL, 0UL);
#else
    (void)dumpable;
    return 0;
#endif
}

/// The process's dumpable flag (0 or 1), or -1 with errno set.
static inline int cprocess_get_dumpable(void) {
#if defined(__linux__)
    return prctl(PR_GET_DUMPABLE, 0UL, 0UL, 0UL, 0UL);
#else
    return -1;
#endif
}

/// Gives the calling thread alone the lowest scheduling priority (nice 19: Linux keeps a nice value per
/// thread), so it runs on cycles no other thread wants: `syscall` is variadic, which Swift cannot call.
/// Returns 0 on success, -1 with errno set; 0 elsewhere.
static inline int cprocess_lower_thread_priority(void) {
#if defined(__linux__)
    return setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 19);
#else
    return 0;
#endif
}

#endif
