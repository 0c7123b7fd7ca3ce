/* Linux AArch64 system-call numbers: the generic table
 * (include/uapi/asm-generic/unistd.h), which arm64 uses unchanged. Added
 * here as RustOS implements them. */
#ifndef UAPI_UNISTD_H
#define UAPI_UNISTD_H

#define __NR_write       64
#define __NR_exit        93
#define __NR_exit_group  94
#define __NR_sched_yield 124
#define __NR_getpid      172
#define __NR_getppid     173
#define __NR_gettid      178
#define __NR_syscalls    451 /* Linux 6.1: one past the last number */

#endif
