/* Stopped and continued children as wait4/waitid report them. Until the
 * signals code tracks job-control state there is nothing to report. */
#include <kernel/task.h>

bool task_stop_report(struct task *c, int options, struct wait_result *res, bool consume)
{
    UNUSED(c), UNUSED(options), UNUSED(res), UNUSED(consume);
    return false;
}

void task_notify_parent(struct task *t)
{
    UNUSED(t);
}
