/* From svc #0 to the handler (Linux arch/arm64/kernel/syscall.c
 * invoke_syscall is the model): one bounded table lookup, the result
 * written to x0 in one place. Unknown numbers give -ENOSYS and are logged
 * once per number. */
#include <kernel/printk.h>
#include <kernel/signal.h>
#include <kernel/syscall.h>
#include <kernel/task.h>
#include <uapi/errno.h>
#include <uapi/unistd.h>

#include "syscall_table.h"

static uint64_t enosys_logged[(__NR_syscalls + 63) / 64]; /* atomic bit updates */

static void log_unknown_once(uint64_t nr)
{
    if (nr < __NR_syscalls) {
        uint64_t bit = 1ULL << (nr % 64);
        if (__atomic_fetch_or(&enosys_logged[nr / 64], bit, __ATOMIC_RELAXED) & bit)
            return;
    }
    struct task *t = current_task();
    pr_info("%s[%d]: unimplemented syscall %lu, returning -ENOSYS\n", t->comm, t->pid,
            (unsigned long)nr);
}

void syscall_dispatch(struct trap_frame *frame)
{
    uint64_t nr = frame->regs[8];
    long ret = -ENOSYS;
    syscall_fn fn = nr < __NR_syscalls ? syscall_table[nr] : NULL;
    signal_syscall_enter(frame); /* x0 for a restart after a signal */
    if (fn)
        ret = fn((long)frame->regs[0], (long)frame->regs[1], (long)frame->regs[2],
                 (long)frame->regs[3], (long)frame->regs[4], (long)frame->regs[5]);
    else
        log_unknown_once(nr);
    frame->regs[0] = (uint64_t)ret;
}
