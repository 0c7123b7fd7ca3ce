/* Process groups and sessions: setpgid(2), getpgid(2), setsid(2),
 * getsid(2), with Linux's checks in Linux's order (kernel/sys.c). Every
 * thread of a process carries the same pgid/sid; fork copies them
 * (kernel/proc/fork.c). Guarded by tasklist_lock. */
#include <kernel/signal.h>
#include <kernel/task.h>
#include <uapi/errno.h>

#include "../signal/signal_internal.h"
#include "sys_handlers.h"

/* tasklist_lock held: the live task (or zombie) with this id. */
static struct task *find_by_pid(int pid)
{
    struct task *t;
    for_each_task(t)
    {
        if (t->pid == pid && pid > 0 && t->state != TASK_DEAD)
            return t;
    }
    return NULL;
}

/* tasklist_lock held: some task in process group pgid, or NULL. */
static struct task *pgrp_member(int pgid)
{
    struct task *t;
    for_each_task(t)
    {
        if (t->pgid == pgid && t->pid > 0 && t->state != TASK_DEAD && !task_is_kthread(t))
            return t;
    }
    return NULL;
}

/* tasklist_lock held: set pgid/sid on every thread of p's process. */
static void set_ids(struct task *p, int pgid, int sid)
{
    struct task *th;
    for_each_thread_of(p, th)
    {
        th->pgid = pgid;
        th->sid = sid;
    }
}

long sys_setpgid(long pid_, long pgid_, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct task *self = current_task();
    int pid = (int)pid_, pgid = (int)pgid_;
    if (!pid)
        pid = self->tgid;
    if (!pgid)
        pgid = pid;
    if (pgid < 0)
        return -EINVAL;
    long err;
    spin_lock(&tasklist_lock);
    struct task *p = find_by_pid(pid);
    if (!p) {
        err = -ESRCH;
        goto out;
    }
    err = -EINVAL;
    if (p->pid != p->tgid)
        goto out; /* not a process (thread-group leader) */
    if (p->parent && p->parent->tgid == self->tgid) {
        /* A child of the caller: same session, and not after its exec. */
        err = -EPERM;
        if (p->sid != self->sid)
            goto out;
        err = -EACCES;
        if (p->sig.did_exec)
            goto out;
    } else if (p->tgid != self->tgid) {
        err = -ESRCH;
        goto out;
    }
    err = -EPERM;
    if (p->sid == p->tgid)
        goto out; /* a session leader keeps its group */
    if (pgid != pid) {
        struct task *g = pgrp_member(pgid);
        if (!g || g->sid != self->sid)
            goto out;
    }
    set_ids(p, pgid, p->sid);
    err = 0;
out:
    spin_unlock(&tasklist_lock);
    return err;
}

static long get_id(long pid_, bool session)
{
    struct task *self = current_task();
    int pid = (int)pid_;
    long r;
    spin_lock(&tasklist_lock);
    struct task *p = pid ? find_by_pid(pid) : self;
    r = !p ? -ESRCH : session ? p->sid : p->pgid;
    spin_unlock(&tasklist_lock);
    return r;
}

long sys_getpgid(long pid, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    return get_id(pid, false);
}

long sys_getsid(long pid, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    return get_id(pid, true);
}

/* A process group leader cannot start a session: its group would be split
 * across two sessions (kernel/sys.c ksys_setsid). */
long sys_setsid(long a0, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a0), UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct task *self = current_task();
    long r;
    spin_lock(&tasklist_lock);
    int sid = self->tgid;
    if (pgrp_member(sid)) {
        r = -EPERM;
    } else {
        struct task *leader = find_by_pid(self->tgid);
        set_ids(leader ? leader : self, sid, sid);
        r = sid;
    }
    spin_unlock(&tasklist_lock);
    /* TODO(tty): the new session has no controlling terminal
     * (proc_clear_tty); the tty code tracks sessions itself for now. */
    return r;
}
