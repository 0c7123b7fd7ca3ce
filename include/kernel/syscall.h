/* The system-call table (DESIGN.md §1: svc #0, x8 = number, x0-x5 =
 * arguments, x0 = result or -errno). Handlers are sys_<name>, take up to
 * six long arguments and return long. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <kernel/trap_frame.h>

typedef long (*syscall_fn)(long, long, long, long, long, long);

void syscall_dispatch(struct trap_frame *frame);

#endif
