/* A task's resources besides memory, per subsystem: copied or shared at
 * fork as the clone flags say, released at exit. Each subsystem owns its
 * part; this file only sequences them. */
#include <kernel/task.h>
#include <uapi/sched.h>

#include "task_internal.h"

int task_fork_resources(struct task *child, struct task *parent, unsigned long flags)
{
    UNUSED(child), UNUSED(parent), UNUSED(flags);
    return 0;
}

void task_release_resources(struct task *t)
{
    UNUSED(t);
}

void task_exec_resources(struct task *t)
{
    UNUSED(t);
}

uint64_t task_stack_rlimit(const struct task *t)
{
    UNUSED(t);
    return 8UL << 20; /* TODO(rlimits): the task's RLIMIT_STACK */
}
