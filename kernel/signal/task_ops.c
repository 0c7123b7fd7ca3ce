/* The current task's own signal state, for the system calls
 * (kernel/syscall/sys_signal.c copies to and from user space). Linux:
 * kernel/signal.c do_sigaction, sigprocmask, sigsuspend,
 * do_sigtimedwait, do_sigaltstack; arch/arm64/kernel/signal.c
 * sys_rt_sigreturn. */
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/task.h>
#include <kernel/timer.h>
#include <kernel/trap_frame.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>

#include "signal_internal.h"

/* sig_handler_ignored(): discarded at once when pending. */
static bool handler_ignores(const struct uapi_sigaction *ka, int sig)
{
    enum sig_default d = sig_default_action(sig);
    return ka->sa_handler == SIG_IGN ||
           (ka->sa_handler == SIG_DFL && (d == SIG_DFL_IGNORE || d == SIG_DFL_CONT));
}

int signal_sigaction(int sig, const struct uapi_sigaction *act, struct uapi_sigaction *oact)
{
    if (!sig_valid(sig) || (act && (SIGMASK(sig) & SIG_KERNEL_ONLY_MASK)))
        return -EINVAL;
    struct task *t = current_task();
    struct sighand *sh = t->sig.sighand;
    spin_lock(&tasklist_lock);
    spin_lock(&sh->lock);
    struct uapi_sigaction *ka = sig_action(t, sig);
    if (oact) {
        *oact = *ka;
        oact->sa_flags &= SA_UAPI_FLAGS;
    }
    if (act) {
        *ka = *act;
        ka->sa_flags &= SA_UAPI_FLAGS; /* unknown bits read back as 0 */
        ka->sa_mask &= ~SIG_KERNEL_ONLY_MASK;
        /* POSIX: setting SIG_IGN (or a default that ignores) discards the
         * signal if pending, even where blocked. */
        if (handler_ignores(ka, sig)) {
            struct task *th;
            sigpending_flush_mask(&sh->shared_pending, SIGMASK(sig));
            for_each_thread_of(t, th)
            {
                sigpending_flush_mask(&th->sig.pending, SIGMASK(sig));
                sig_recalc(th);
            }
        }
    }
    spin_unlock(&sh->lock);
    spin_unlock(&tasklist_lock);
    return 0;
}

int signal_sigprocmask(int how, const ksigset_t *set, ksigset_t *old)
{
    struct task *t = current_task();
    struct sighand *sh = t->sig.sighand;
    int err = 0;
    spin_lock(&sh->lock);
    if (old)
        *old = t->sig.blocked;
    if (set) {
        ksigset_t m = *set & ~SIG_KERNEL_ONLY_MASK;
        switch (how) {
        case SIG_BLOCK:
            t->sig.blocked |= m;
            break;
        case SIG_UNBLOCK:
            t->sig.blocked &= ~m;
            break;
        case SIG_SETMASK:
            t->sig.blocked = m;
            break;
        default:
            err = -EINVAL;
        }
        sig_recalc(t);
    }
    spin_unlock(&sh->lock);
    return err;
}

ksigset_t signal_pending_blocked(void)
{
    struct task *t = current_task();
    struct sighand *sh = t->sig.sighand;
    spin_lock(&sh->lock);
    ksigset_t p = (t->sig.pending.set | sh->shared_pending.set) & t->sig.blocked;
    spin_unlock(&sh->lock);
    return p;
}

/* Sleep interruptibly until a signal is pending (the flag is set before
 * the check, so a send in between leaves the task runnable: wait.c). */
static void sleep_until_signal(struct task *t)
{
    for (;;) {
        sched_set_sleeping(true);
        if (task_signal_pending(t))
            break;
        schedule();
    }
    sched_set_running();
}

long signal_sigsuspend(ksigset_t mask)
{
    struct task *t = current_task();
    struct sighand *sh = t->sig.sighand;
    spin_lock(&sh->lock);
    t->sig.saved_mask = t->sig.blocked;
    t->sig.restore_mask = true;
    t->sig.blocked = mask & ~SIG_KERNEL_ONLY_MASK;
    sig_recalc(t);
    spin_unlock(&sh->lock);
    sleep_until_signal(t);
    return -ERESTARTNOHAND;
}

int signal_sigtimedwait(ksigset_t these, uint64_t deadline_ns, struct ksiginfo *info)
{
    struct task *t = current_task();
    struct sighand *sh = t->sig.sighand;
    ksigset_t want = these & ~SIG_KERNEL_ONLY_MASK;
    spin_lock(&sh->lock);
    int sig = sig_dequeue(t, ~want, info);
    int err = -EAGAIN;
    if (!sig && deadline_ns != 0) {
        /* Unblock what we wait for, so that its arrival wakes us; while
         * real_blocked holds the old mask, it is not dropped as ignored. */
        t->sig.real_blocked = t->sig.blocked;
        t->sig.blocked &= ~want;
        sig_recalc(t);
        spin_unlock(&sh->lock);
        err = sleep_until_ns(deadline_ns, true) == -EINTR ? -EINTR : -EAGAIN;
        spin_lock(&sh->lock);
        t->sig.blocked = t->sig.real_blocked;
        t->sig.real_blocked = 0;
        sig = sig_dequeue(t, ~want, info);
    }
    sig_recalc(t);
    spin_unlock(&sh->lock);
    return sig ? sig : err;
}

int signal_set_poll_mask(long usigmask, long sigsetsize)
{
    if (!usigmask)
        return 0;
    if ((unsigned long)sigsetsize != sizeof(ksigset_t))
        return -EINVAL;
    ksigset_t mask;
    if (copy_from_user(&mask, (uint64_t)usigmask, sizeof(mask)))
        return -EFAULT;
    struct task *t = current_task();
    struct sighand *sh = t->sig.sighand;
    spin_lock(&sh->lock);
    t->sig.saved_mask = t->sig.blocked;
    t->sig.restore_mask = true;
    t->sig.blocked = mask & ~SIG_KERNEL_ONLY_MASK;
    sig_recalc(t);
    spin_unlock(&sh->lock);
    return 0;
}

void signal_restore_poll_mask(bool interrupted)
{
    struct task *t = current_task();
    if (interrupted || !t->sig.restore_mask)
        return; /* signal_deliver restores it after saving it in the frame */
    struct sighand *sh = t->sig.sighand;
    spin_lock(&sh->lock);
    t->sig.restore_mask = false;
    t->sig.blocked = t->sig.saved_mask;
    sig_recalc(t);
    spin_unlock(&sh->lock);
}

int signal_sigaltstack(const struct uapi_stack *new, struct uapi_stack *old)
{
    struct task *t = current_task();
    return sas_change(&t->sig.altstack, new, old, t->user_frame->sp, MINSIGSTKSZ);
}

long signal_sigreturn(struct trap_frame *f)
{
    struct task *t = current_task();
    /* The restored x0 is no system call result to restart on. */
    t->sig.in_syscall = false;
    ksigset_t mask;
    struct uapi_stack ucs;
    uint64_t frame_sp = f->sp;
    int err = arch_signal_restore_frame(f, t, &mask, &ucs);
    if (err) {
        /* arm64_notify_segfault(sp): MAPERR if the frame is unreadable. */
        if (!signal_has_handler(SIGSEGV))
            pr_info("%s[%d]: bad rt_sigreturn frame at %#lx (%s)\n", t->comm, t->pid,
                    (unsigned long)frame_sp, err == -EFAULT ? "unreadable" : "invalid");
        signal_force_fault(SIGSEGV, err == -EFAULT ? SEGV_MAPERR : SEGV_ACCERR, frame_sp, 0);
        return 0;
    }
    struct sighand *sh = t->sig.sighand;
    spin_lock(&sh->lock);
    t->sig.blocked = mask & ~SIG_KERNEL_ONLY_MASK;
    sig_recalc(t);
    spin_unlock(&sh->lock);
    /* restore_altstack(): failures other than EFAULT are ignored. */
    (void)sas_change(&t->sig.altstack, &ucs, NULL, f->sp, MINSIGSTKSZ);
    return (long)f->regs[0];
}
