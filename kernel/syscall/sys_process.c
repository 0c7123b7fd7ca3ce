/* Process identity and ending: exit(2), exit_group(2), getpid(2),
 * getppid(2), gettid(2), sched_yield(2). */
#include <kernel/sched.h>
#include <kernel/task.h>

#include "sys_handlers.h"

/* The wait status of a normal exit: the low 8 bits of the code, shifted
 * (wait(2) WEXITSTATUS). */
long sys_exit(long status, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    task_exit((int)((status & 0xff) << 8));
}

/* One thread per process for now, so exit_group is exit. */
long sys_exit_group(long status, long a1, long a2, long a3, long a4, long a5)
{
    return sys_exit(status, a1, a2, a3, a4, a5);
}

long sys_getpid(long a0, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a0), UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    return current_task()->tgid;
}

long sys_gettid(long a0, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a0), UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    return current_task()->pid;
}

long sys_getppid(long a0, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a0), UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    spin_lock(&tasklist_lock);
    struct task *p = current_task()->parent;
    long ppid = p ? p->tgid : 0;
    spin_unlock(&tasklist_lock);
    return ppid;
}

long sys_sched_yield(long a0, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a0), UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    sched_yield();
    return 0;
}
