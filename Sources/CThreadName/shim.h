// Naming the calling thread (Linux only; nothing to link).
//
// Swift's Glibc module does not export pthread_setname_np (it needs _GNU_SOURCE), and prctl(2) is
// variadic, which Swift cannot call; so threads name themselves through this wrapper.
#ifndef REGISTRAR_CTHREADNAME_SHIM_H
#define REGISTRAR_CTHREADNAME_SHIM_H

#include <sys/prctl.h>

/// Names the calling thread (top -H, gdb, /proc/PID/task/TID/comm); the kernel keeps the first 15
/// bytes. 0, or -1 and errno.
static inline int cthread_set_name(const char *name) {
    return prctl(PR_SET_NAME, (unsigned long)name, 0UL, 0UL, 0UL);
}

#endif
