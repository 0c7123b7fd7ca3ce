/* Stopped and continued children as wait4/waitid report them. Until the
 * signals code tracks job-control state there is nothing to report. */
#include <kernel/task.h>
#include <uapi/errno.h>

#include "task_internal.h"

bool task_stop_report(struct task *c, int options, struct wait_result *res, bool consume)
{
    UNUSED(c), UNUSED(options), UNUSED(res), UNUSED(consume);
    return false;
}

void task_notify_parent(struct task *t)
{
    UNUSED(t);
}

int task_pgrp_session(int pgrp)
{
    int sid = -ESRCH;
    spin_lock(&tasklist_lock);
    struct list_node *pos;
    list_for_each(pos, &all_tasks_list)
    {
        struct task *t = list_entry(pos, struct task, all_node);
        if (t->pgid == pgrp && t->state != TASK_ZOMBIE && t->state != TASK_DEAD) {
            sid = t->sid;
            break;
        }
    }
    spin_unlock(&tasklist_lock);
    return sid;
}

void task_signal_pgrp(int pgrp, int sig)
{
    /* TODO(signals): deliver sig to every process of the group. */
    UNUSED(pgrp), UNUSED(sig);
}

bool task_pgrp_orphaned(int pgrp)
{
    /* XBD 3.254: orphaned unless some member has a parent in another group
     * of the same session (that parent could still continue it). */
    bool orphaned = true;
    spin_lock(&tasklist_lock);
    struct list_node *pos;
    list_for_each(pos, &all_tasks_list)
    {
        struct task *t = list_entry(pos, struct task, all_node);
        if (t->pgid != pgrp || t->state == TASK_ZOMBIE || t->state == TASK_DEAD || !t->mm)
            continue;
        struct task *p = t->parent;
        if (p && p->pgid != pgrp && p->sid == t->sid) {
            orphaned = false;
            break;
        }
    }
    spin_unlock(&tasklist_lock);
    return orphaned;
}
