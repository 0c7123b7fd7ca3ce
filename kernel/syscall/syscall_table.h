/* The table itself lives in table.c; handlers are declared in
 * sys_handlers.h. */
#ifndef KERNEL_SYSCALL_TABLE_H
#define KERNEL_SYSCALL_TABLE_H

#include <kernel/syscall.h>
#include <uapi/unistd.h>

extern const syscall_fn syscall_table[__NR_syscalls];

#endif
