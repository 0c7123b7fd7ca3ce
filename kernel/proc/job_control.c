/* Stopped and continued children as wait4/waitid report them; the state
 * itself lives with the signals code (kernel/signal/jobctl.c). */
#include <kernel/task.h>
#include <uapi/errno.h>
#include <uapi/sched.h>

#include "task_internal.h"

bool task_stop_report(struct task *c, int options, struct wait_result *res, bool consume)
{
    int status;
    if ((options & WSTOPPED) && signal_take_stop_report(c, &status, consume)) {
        if (res) {
            res->status = status;
            res->si_code = CLD_STOPPED;
            res->si_status = (status >> 8) & 0xff;
        }
        return true;
    }
    if ((options & WCONTINUED) && signal_take_continue_report(c, consume)) {
        if (res) {
            res->status = 0xffff;
            res->si_code = CLD_CONTINUED;
            res->si_status = SIGCONT;
        }
        return true;
    }
    return false;
}

bool task_notify_parent(struct task *t)
{
    return signal_notify_parent_exit(t);
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
    (void)signal_send_pgrp(pgrp, sig);
}
