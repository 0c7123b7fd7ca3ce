/* Job control and the parent's view of its children: SIGCHLD at exit,
 * stop and continue, what wait4/waitid report, orphaned process groups
 * (Linux kernel/signal.c do_notify_parent, do_notify_parent_cldstop;
 * kernel/exit.c will_become_orphaned_pgrp, kill_orphaned_pgrp). */
#include <kernel/signal.h>
#include <kernel/task.h>
#include <kernel/wait.h>

#include "signal_internal.h"

#define NS_PER_CLOCK_TICK 10000000ULL /* USER_HZ = 100 */

static void chld_info(struct ksiginfo *info, struct task *t, int code, int status)
{
    sig_info_kill(info, SIGCHLD, code, t->tgid);
    info->u.sigchld.status = status;
    info->u.sigchld.utime = (int64_t)(t->runtime_ns / NS_PER_CLOCK_TICK);
    info->u.sigchld.stime = 0;
}

void sig_notify_parent_cldstop(struct task *t, int why, int status)
{
    struct task *parent = t->parent;
    if (!parent)
        return;
    struct sighand *psh = parent->sig.sighand;
    spin_lock(&psh->lock);
    const struct uapi_sigaction *ka = sig_action(parent, SIGCHLD);
    bool send = ka->sa_handler != SIG_IGN && !(ka->sa_flags & SA_NOCLDSTOP);
    spin_unlock(&psh->lock);
    if (send) {
        struct ksiginfo info;
        chld_info(&info, t, why, status);
        sig_send_locked(parent, SIGCHLD, &info, true, false);
    }
    wake_up_all(&parent->child_wait);
}

bool signal_notify_parent_exit(struct task *child)
{
    bool autoreap = false;
    spin_lock(&tasklist_lock);
    struct task *parent = child->parent;
    if (parent) {
        int sig = child->exit_signal;
        int st = child->exit_status;
        struct ksiginfo info;
        if ((st & 0x7f) == 0)
            chld_info(&info, child, CLD_EXITED, (st >> 8) & 0xff);
        else
            chld_info(&info, child, (st & 0x80) ? CLD_DUMPED : CLD_KILLED, st & 0x7f);
        struct sighand *psh = parent->sig.sighand;
        spin_lock(&psh->lock);
        const struct uapi_sigaction *ka = sig_action(parent, SIGCHLD);
        if (sig == SIGCHLD && (ka->sa_handler == SIG_IGN || (ka->sa_flags & SA_NOCLDWAIT))) {
            autoreap = true;
            if (ka->sa_handler == SIG_IGN)
                sig = 0;
        }
        spin_unlock(&psh->lock);
        if (sig_valid(sig))
            sig_send_locked(parent, sig, &info, true, false);
        wake_up_all(&parent->child_wait);
    }
    spin_unlock(&tasklist_lock);
    return autoreap;
}

bool signal_take_stop_report(struct task *child, int *wait_status, bool consume)
{
    struct sighand *sh = child->sig.sighand;
    spin_lock(&sh->lock);
    bool r = (sh->flags & SIGHAND_STOPPED) && (sh->flags & SIGHAND_STOP_REPORT);
    if (r) {
        *wait_status = (sh->stop_sig << 8) | 0x7f;
        if (consume)
            sh->flags &= ~SIGHAND_STOP_REPORT;
    }
    spin_unlock(&sh->lock);
    return r;
}

bool signal_take_continue_report(struct task *child, bool consume)
{
    struct sighand *sh = child->sig.sighand;
    spin_lock(&sh->lock);
    bool r = sh->flags & SIGHAND_CONT_REPORT;
    if (r && consume)
        sh->flags &= ~SIGHAND_CONT_REPORT;
    spin_unlock(&sh->lock);
    return r;
}

bool signal_task_stopped(struct task *t)
{
    struct sighand *sh = t->sig.sighand;
    spin_lock(&sh->lock);
    bool r = sh->flags & SIGHAND_STOPPED;
    spin_unlock(&sh->lock);
    return r;
}

static bool is_init_process(const struct task *t)
{
    return t && init_task && t->tgid == init_task->tgid;
}

/* tasklist_lock held (kernel/exit.c will_become_orphaned_pgrp): no
 * member has a parent outside the group in the same session. Exited
 * members and children of init do not count, nor, when `exiting` is
 * about to exit, that task and its children (they go to init). */
static bool pgrp_orphaned_locked(int pgid, const struct task *exiting)
{
    struct task *p;
    for_each_task(p)
    {
        if (p->pgid != pgid || p->pid != p->tgid || p->pid == 0 || (exiting && p == exiting) ||
            p->state == TASK_ZOMBIE || p->state == TASK_DEAD || task_is_kthread(p))
            continue;
        struct task *parent = p->parent;
        if (!parent || is_init_process(parent) || (exiting && parent == exiting))
            continue;
        if (parent->pgid != pgid && parent->sid == p->sid)
            return false;
    }
    return true;
}

bool signal_pgrp_is_orphaned(int pgid)
{
    spin_lock(&tasklist_lock);
    bool r = pgrp_orphaned_locked(pgid, NULL);
    spin_unlock(&tasklist_lock);
    return r;
}

/* tasklist_lock held. */
static bool pgrp_has_stopped(int pgid)
{
    struct task *p;
    for_each_task(p)
    {
        if (p->pgid == pgid && p->pid == p->tgid && p->pid && !task_is_kthread(p) &&
            (p->sig.sighand->flags & SIGHAND_STOPPED))
            return true;
    }
    return false;
}

/* tasklist_lock held (kernel/exit.c kill_orphaned_pgrp): if group pgid,
 * linked to its session through parent, becomes orphaned when `exiting`
 * is gone and has stopped members, POSIX wants SIGHUP then SIGCONT sent
 * to it, so that they do not stay stopped forever. */
static void hup_if_orphaned(int pgid, int sid, const struct task *parent,
                            const struct task *exiting)
{
    if (parent->pgid == pgid || parent->sid != sid)
        return;
    if (!pgrp_orphaned_locked(pgid, exiting) || !pgrp_has_stopped(pgid))
        return;
    struct ksiginfo info;
    struct task *p;
    for (int i = 0; i < 2; i++) {
        int sig = i == 0 ? SIGHUP : SIGCONT;
        sig_info_kill(&info, sig, SI_KERNEL, 0);
        for_each_task(p)
        {
            if (p->pgid == pgid && p->pid == p->tgid && p->pid && !task_is_kthread(p))
                sig_send_locked(p, sig, &info, true, false);
        }
    }
}

void signal_exit_orphans(struct task *t)
{
    spin_lock(&tasklist_lock);
    if (t->parent)
        hup_if_orphaned(t->pgid, t->sid, t->parent, t);
    struct list_node *pos;
    list_for_each(pos, &t->children)
    {
        struct task *c = list_entry(pos, struct task, sibling);
        hup_if_orphaned(c->pgid, c->sid, t, t);
    }
    spin_unlock(&tasklist_lock);
}

bool signal_ignored_or_blocked(struct task *t, int sig)
{
    struct sighand *sh = t->sig.sighand;
    spin_lock(&sh->lock);
    bool r = (t->sig.blocked & SIGMASK(sig)) || sig_action(t, sig)->sa_handler == SIG_IGN;
    spin_unlock(&sh->lock);
    return r;
}
