/* Sending signals (Linux kernel/signal.c: prepare_signal, __send_signal,
 * complete_signal, kill_something_info, force_sig_info_to_task). */
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <uapi/errno.h>

#include "signal_internal.h"

bool sig_init_unkillable(struct task *t)
{
    return init_task && t->tgid == init_task->tgid &&
           !(t->sig.sighand->flags & SIGHAND_FATAL_FAULT);
}

void sig_recalc(struct task *t)
{
    struct task_signal *s = &t->sig;
    struct sighand *sh = s->sighand;
    bool work = (sh->flags & SIGHAND_GROUP_EXIT) ||
                ((s->pending.set | sh->shared_pending.set) & ~s->blocked) != 0;
    __atomic_store_n(&s->flag, work ? 1 : 0, __ATOMIC_RELEASE);
}

void sig_recalc_and_wake(struct task *t)
{
    sig_recalc(t);
    if (t->sig.flag)
        wake_task(t);
}

void sig_info_kill(struct ksiginfo *info, int sig, int code, int pid)
{
    memset(info, 0, sizeof(*info));
    info->si_signo = sig;
    info->si_code = code;
    info->u.kill.pid = pid;
    info->u.kill.uid = 0; /* everyone is root for now */
}

/* sighand->lock held: the handler ignores sig (kernel/signal.c
 * sig_task_ignored). SIGCONT's default action happens at send time, so
 * afterwards it is as ignored as SIGCHLD. */
static bool sig_task_ignored(struct task *t, int sig)
{
    uint64_t h = sig_action(t, sig)->sa_handler;
    if (h == SIG_DFL && sig_init_unkillable(t))
        return true;
    if (h == SIG_IGN)
        return true;
    enum sig_default d = sig_default_action(sig);
    return h == SIG_DFL && (d == SIG_DFL_IGNORE || d == SIG_DFL_CONT);
}

/* A blocked signal is never ignored: the handler may change before it is
 * unblocked. */
static bool sig_ignored(struct task *t, int sig)
{
    if ((t->sig.blocked | t->sig.real_blocked) & SIGMASK(sig))
        return false;
    return sig_task_ignored(t, sig);
}

/* tasklist_lock and sighand->lock held (kernel/signal.c prepare_signal):
 * job-control side effects at send time; false if sig is to be dropped.
 * *continued is set when a stopped process resumed. */
static bool prepare_signal(struct task *t, int sig, bool *continued)
{
    struct sighand *sh = t->sig.sighand;
    struct task *th;
    if (sh->flags & SIGHAND_GROUP_EXIT)
        return false; /* dying anyway */
    if (SIGMASK(sig) & SIG_STOP_MASK) {
        /* A stop discards a pending continue. */
        sigpending_flush_mask(&sh->shared_pending, SIGMASK(SIGCONT));
        for_each_thread_of(t, th)
        {
            sigpending_flush_mask(&th->sig.pending, SIGMASK(SIGCONT));
        }
    } else if (sig == SIGCONT) {
        /* A continue discards pending stops and resumes the process, even
         * if SIGCONT itself is blocked or caught. */
        sigpending_flush_mask(&sh->shared_pending, SIG_STOP_MASK);
        for_each_thread_of(t, th)
        {
            sigpending_flush_mask(&th->sig.pending, SIG_STOP_MASK);
        }
        if (sh->flags & SIGHAND_STOPPED) {
            sh->flags &= ~(SIGHAND_STOPPED | SIGHAND_STOP_REPORT);
            sh->flags |= SIGHAND_CONT_REPORT;
            *continued = true;
        }
        for_each_thread_of(t, th)
        {
            wake_task(th);
        }
    }
    return !sig_ignored(t, sig);
}

/* A default action that ends the process without a core dump. */
static bool sig_fatal(struct task *t, int sig)
{
    enum sig_default d = sig_default_action(sig);
    return sig_action(t, sig)->sa_handler == SIG_DFL && d != SIG_DFL_IGNORE && d != SIG_DFL_CONT &&
           d != SIG_DFL_STOP;
}

/* Both locks held (kernel/signal.c complete_signal): find a thread to
 * handle sig and wake it; a fatal signal takes the whole process down at
 * once. */
static void complete_signal(struct task *t, int sig, bool group)
{
    struct sighand *sh = t->sig.sighand;
    struct task *target = NULL, *th;
    if (!(t->sig.blocked & SIGMASK(sig)))
        target = t;
    else if (group) {
        for_each_thread_of(t, th)
        {
            if (!(th->sig.blocked & SIGMASK(sig)) && th->state != TASK_ZOMBIE) {
                target = th;
                break;
            }
        }
    }
    if (!target)
        return; /* stays pending until some thread unblocks it */
    /* Not while rt_sigtimedwait waits for it (real_blocked): it will take
     * the signal instead of dying of it. */
    if (sig_fatal(target, sig) && !(sh->flags & SIGHAND_GROUP_EXIT) &&
        !(target->sig.real_blocked & SIGMASK(sig)) && sig_default_action(sig) != SIG_DFL_CORE &&
        !sig_init_unkillable(target)) {
        /* Every thread dies (Linux queues SIGKILL to each). */
        sh->flags |= SIGHAND_GROUP_EXIT;
        sh->flags &= ~SIGHAND_STOPPED;
        sh->exit_status = sig;
        for_each_thread_of(t, th)
        {
            sig_recalc_and_wake(th);
        }
        return;
    }
    sig_recalc_and_wake(target);
}

int sig_send_locked(struct task *t, int sig, const struct ksiginfo *info, bool group,
                    bool from_user)
{
    if (task_is_kthread(t) || t->state == TASK_DEAD)
        return 0;
    struct ksiginfo ki;
    if (info)
        ki = *info;
    else
        sig_info_kill(&ki, sig, SI_KERNEL, 0);
    ki.si_signo = sig;
    struct sighand *sh = t->sig.sighand;
    bool continued = false;
    int err = 0;
    spin_lock(&sh->lock);
    if (prepare_signal(t, sig, &continued)) {
        struct sigpending *p = group ? &sh->shared_pending : &t->sig.pending;
        err = sigpending_add(p, sig, &ki, from_user);
        if (!err)
            complete_signal(t, sig, group);
    }
    spin_unlock(&sh->lock);
    if (continued)
        sig_notify_parent_cldstop(t, CLD_CONTINUED, SIGCONT);
    return err;
}

static int send_checked(struct task *t, int sig, const struct ksiginfo *info, bool group)
{
    if (sig == 0)
        return 0;
    if (!sig_valid(sig))
        return -EINVAL;
    spin_lock(&tasklist_lock);
    int err = sig_send_locked(t, sig, info, group, false);
    spin_unlock(&tasklist_lock);
    return err;
}

int signal_send_thread(struct task *t, int sig, const struct ksiginfo *info)
{
    return send_checked(t, sig, info, false);
}

int signal_send_process(struct task *t, int sig, const struct ksiginfo *info)
{
    return send_checked(t, sig, info, true);
}

/* kernel/signal.c check_kill_permission(): signals from user space
 * (si_code <= 0) need matching user ids, or privilege; SIGCONT is allowed
 * within a session. Signals the kernel makes are always allowed. */
static int check_kill(struct task *t, int sig, const struct ksiginfo *info)
{
    if (!sig_valid(sig) && sig != 0)
        return -EINVAL;
    if (info && info->si_code > 0)
        return 0;
    struct task *self = current_task();
    if (self->tgid == t->tgid)
        return 0;
    const struct cred *c = &self->cred, *tc = &t->cred;
    if (cred_is_root(c) || c->euid == tc->suid || c->euid == tc->uid || c->uid == tc->suid ||
        c->uid == tc->uid)
        return 0;
    if (sig == SIGCONT && self->sid == t->sid)
        return 0;
    return -EPERM;
}

/* tasklist_lock held: a send on behalf of user space, after the checks. */
static int user_send(struct task *t, int sig, const struct ksiginfo *info, bool group)
{
    int err = check_kill(t, sig, info);
    if (err || !sig)
        return err;
    return sig_send_locked(t, sig, info, group, true);
}

/* tasklist_lock held: a live process (thread-group leader) or zombie. */
static bool is_process(const struct task *t)
{
    return t->pid == t->tgid && t->pid > 0 && t->state != TASK_DEAD;
}

/* tasklist_lock held: send to every process of group pgid; -ESRCH if it
 * has none (kernel/signal.c __kill_pgrp_info). */
static int kill_pgrp_locked(int pgid, int sig, const struct ksiginfo *info)
{
    int err = -ESRCH;
    bool any_ok = false;
    struct task *t;
    for_each_task(t)
    {
        if (!is_process(t) || t->pgid != pgid || task_is_kthread(t))
            continue;
        int r = user_send(t, sig, info, true);
        if (r == 0)
            any_ok = true;
        else
            err = r;
    }
    return any_ok ? 0 : err;
}

int signal_send_pgrp(int pgid, int sig)
{
    if (!sig_valid(sig) && sig != 0)
        return -EINVAL;
    struct ksiginfo info;
    sig_info_kill(&info, sig, SI_KERNEL, 0);
    spin_lock(&tasklist_lock);
    int err = kill_pgrp_locked(pgid, sig, &info);
    spin_unlock(&tasklist_lock);
    return err;
}

/* tasklist_lock held: the task with this thread id. */
static struct task *find_task(int pid)
{
    struct task *t;
    for_each_task(t)
    {
        if (t->pid == pid && t->state != TASK_DEAD)
            return t;
    }
    return NULL;
}

/* kernel/signal.c kill_something_info(). The signal number is checked
 * only once a target exists, as there (kill(no such pid, 999) is ESRCH). */
int signal_kill(int pid, int sig)
{
    struct task *self = current_task();
    if (pid == (int)0x80000000)
        return -ESRCH; /* -INT_MIN has no group to name */
    struct ksiginfo info;
    sig_info_kill(&info, sig, SI_USER, self->tgid);
    int err = -ESRCH;
    spin_lock(&tasklist_lock);
    if (pid > 0) {
        struct task *t = find_task(pid);
        if (t)
            err = user_send(t, sig, &info, true);
    } else if (!sig_valid(sig) && sig != 0) {
        err = -EINVAL;
    } else if (pid != -1) {
        err = kill_pgrp_locked(pid ? -pid : self->pgid, sig, &info);
    } else {
        int count = 0, last = 0;
        struct task *t;
        for_each_task(t)
        {
            if (!is_process(t) || t->tgid <= 1 || t->tgid == self->tgid || task_is_kthread(t))
                continue;
            count++;
            int r = user_send(t, sig, &info, true);
            if (r != -EPERM)
                last = r;
        }
        err = count ? last : -ESRCH;
    }
    spin_unlock(&tasklist_lock);
    return err;
}

bool signal_has_handler(int sig)
{
    struct task *t = current_task();
    struct sighand *sh = t->sig.sighand;
    spin_lock(&sh->lock);
    uint64_t h = sig_action(t, sig)->sa_handler;
    bool caught = h != SIG_DFL && h != SIG_IGN && !(t->sig.blocked & SIGMASK(sig));
    spin_unlock(&sh->lock);
    return caught;
}

void signal_force_fault(int sig, int code, uint64_t addr, uint64_t esr)
{
    struct task *t = current_task();
    struct sighand *sh = t->sig.sighand;
    struct ksiginfo info;
    memset(&info, 0, sizeof(info));
    info.si_signo = sig;
    info.si_code = code;
    info.u.sigfault.addr = addr;
    t->sig.fault_address = addr;
    t->sig.fault_esr = esr;
    spin_lock(&tasklist_lock);
    spin_lock(&sh->lock);
    struct uapi_sigaction *ka = sig_action(t, sig);
    bool blocked = t->sig.blocked & SIGMASK(sig);
    if (blocked || ka->sa_handler == SIG_IGN) {
        /* The fault would only repeat: take the default action. */
        ka->sa_handler = SIG_DFL;
        t->sig.blocked &= ~SIGMASK(sig);
    }
    if (ka->sa_handler == SIG_DFL)
        sh->flags |= SIGHAND_FATAL_FAULT;
    spin_unlock(&sh->lock);
    sig_send_locked(t, sig, &info, false, false);
    spin_unlock(&tasklist_lock);
}

int signal_send_tid(int tgid, int tid, int sig, const struct ksiginfo *info)
{
    int err = -ESRCH;
    spin_lock(&tasklist_lock);
    struct task *t = find_task(tid);
    if (t && (tgid <= 0 || t->tgid == tgid))
        err = user_send(t, sig, info, false);
    spin_unlock(&tasklist_lock);
    return err;
}

int signal_send_pid(int pid, int sig, const struct ksiginfo *info)
{
    int err = -ESRCH;
    spin_lock(&tasklist_lock);
    struct task *t = pid > 0 ? find_task(pid) : NULL;
    if (t)
        err = user_send(t, sig, info, true);
    spin_unlock(&tasklist_lock);
    return err;
}
