/* The one system-call table, indexed by the Linux AArch64 number. */
#include "sys_handlers.h"
#include "syscall_table.h"

#define ENTRY(name) [__NR_##name] = (syscall_fn)sys_##name

const syscall_fn syscall_table[__NR_syscalls] = {
    ENTRY(write),  ENTRY(exit),    ENTRY(exit_group), ENTRY(sched_yield),
    ENTRY(getpid), ENTRY(getppid), ENTRY(gettid),
};
