/* Delivering signals on the way back to user space (Linux
 * arch/arm64/kernel/signal.c do_signal/handle_signal, kernel/signal.c
 * get_signal, do_signal_stop, signal_delivered).
 *
 * Order of events, once per return to user space:
 *   1. A system call that returned -ERESTART* is rewound (pc -= 4, x0 =
 *      its original first argument), so that by default it runs again.
 *   2. Each deliverable signal is dequeued (thread-directed first, faults
 *      before the rest) and its action taken: ignored, default (stop,
 *      terminate, ...), or a handler frame. For the first handler the
 *      rewind of step 1 is replaced by -EINTR unless the call may restart
 *      (ERESTARTSYS with SA_RESTART, or ERESTARTNOINTR).
 *   3. With nothing left, a mask saved by sigsuspend is restored. */
#include <kernel/clock.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/task.h>
#include <kernel/trap_frame.h>
#include <uapi/errno.h>

#include "signal_internal.h"

void signal_syscall_enter(struct trap_frame *f)
{
    struct task *t = current_task();
    t->sig.in_syscall = true;
    t->sig.orig_x0 = f->regs[0];
}

static bool is_restart_code(long r)
{
    return r == -ERESTARTSYS || r == -ERESTARTNOINTR || r == -ERESTARTNOHAND ||
           r == -ERESTART_RESTARTBLOCK;
}

/* sighand->lock held: take the next signal not in blocked, thread-private
 * ones first (kernel/signal.c dequeue_signal). */
int sig_dequeue(struct task *t, ksigset_t blocked, struct ksiginfo *info)
{
    struct sighand *sh = t->sig.sighand;
    int sig = sig_next(t->sig.pending.set, blocked);
    if (sig) {
        sigpending_take(&t->sig.pending, sig, info);
        return sig;
    }
    sig = sig_next(sh->shared_pending.set, blocked);
    if (sig)
        sigpending_take(&sh->shared_pending, sig, info);
    /* A periodic ITIMER_REAL re-arms once its SIGALRM is taken, which
     * bounds the rate to what the process handles (dequeue_signal). */
    if (sig == SIGALRM)
        itimer_sigalrm_dequeued(t);
    return sig;
}

/* The process dies of sig: every thread goes (SIGHAND_GROUP_EXIT), this
 * one now. */
static void __attribute__((noreturn)) group_exit(struct task *t, int status)
{
    struct sighand *sh = t->sig.sighand;
    spin_lock(&tasklist_lock);
    spin_lock(&sh->lock);
    if (!(sh->flags & SIGHAND_GROUP_EXIT)) {
        sh->flags |= SIGHAND_GROUP_EXIT;
        sh->exit_status = status;
    }
    status = sh->exit_status;
    struct task *th;
    for_each_thread_of(t, th)
    {
        if (th != t)
            sig_recalc_and_wake(th);
    }
    spin_unlock(&sh->lock);
    spin_unlock(&tasklist_lock);
    task_exit(status);
}

/* Sleep while the process is stopped; SIGCONT or SIGKILL ends it. The
 * task sleeps interruptibly, so every send wakes it and it re-checks. */
static void stopped_wait(struct task *t)
{
    struct sighand *sh = t->sig.sighand;
    for (;;) {
        sched_set_sleeping(true);
        spin_lock(&sh->lock);
        bool stay = (sh->flags & SIGHAND_STOPPED) && !(sh->flags & SIGHAND_GROUP_EXIT);
        spin_unlock(&sh->lock);
        if (!stay)
            break;
        schedule();
    }
    sched_set_running();
}

/* Default action "stop" (do_signal_stop): the process stops and its
 * parent hears of it (CLD_STOPPED). */
static void do_stop(struct task *t, int sig)
{
    struct sighand *sh = t->sig.sighand;
    spin_lock(&tasklist_lock);
    spin_lock(&sh->lock);
    bool stop = !(sh->flags & SIGHAND_GROUP_EXIT);
    if (stop) {
        sh->flags |= SIGHAND_STOPPED | SIGHAND_STOP_REPORT;
        sh->flags &= ~SIGHAND_CONT_REPORT;
        sh->stop_sig = sig;
    }
    spin_unlock(&sh->lock);
    if (stop)
        sig_notify_parent_cldstop(t, CLD_STOPPED, sig);
    spin_unlock(&tasklist_lock);
    if (stop)
        stopped_wait(t);
}

struct ksignal {
    int sig;
    struct ksiginfo info;
    struct uapi_sigaction ka;
};

/* kernel/signal.c get_signal(): run default actions until a signal with
 * a handler comes up (true, *k filled) or none is left (false). May not
 * return (the process dies) and may sleep (stopped). */
static bool get_signal(struct task *t, struct ksignal *k)
{
    struct sighand *sh = t->sig.sighand;
    for (;;) {
        spin_lock(&sh->lock);
        if (sh->flags & SIGHAND_GROUP_EXIT) {
            int status = sh->exit_status;
            spin_unlock(&sh->lock);
            group_exit(t, status);
        }
        int sig = sig_dequeue(t, t->sig.blocked, &k->info);
        sig_recalc(t);
        if (!sig) {
            spin_unlock(&sh->lock);
            return false;
        }
        struct uapi_sigaction *ka = sig_action(t, sig);
        if (ka->sa_handler == SIG_IGN) {
            spin_unlock(&sh->lock);
            continue;
        }
        if (ka->sa_handler != SIG_DFL) {
            k->sig = sig;
            k->ka = *ka;
            if (ka->sa_flags & SA_RESETHAND)
                ka->sa_handler = SIG_DFL;
            spin_unlock(&sh->lock);
            return true;
        }
        enum sig_default d = sig_default_action(sig);
        bool unkillable = sig_init_unkillable(t) && !(SIGMASK(sig) & SIG_KERNEL_ONLY_MASK);
        spin_unlock(&sh->lock);
        if (d == SIG_DFL_IGNORE || d == SIG_DFL_CONT || unkillable)
            continue;
        if (d == SIG_DFL_STOP) {
            /* POSIX: terminal stops of an orphaned group would never be
             * undone, so they are discarded. */
            if (sig != SIGSTOP && signal_pgrp_is_orphaned(t->pgid))
                continue;
            do_stop(t, sig);
            continue;
        }
        /* Terminate; a core-dumping signal would add 0x80 once a core file
         * was written, which this kernel never does (RLIMIT_CORE 0). */
        group_exit(t, sig);
    }
}

/* A frame could not be built: SIGSEGV, and if that was SIGSEGV's own
 * handler, its default action (kernel/signal.c force_sigsegv). */
static void force_sigsegv(struct task *t, int sig)
{
    pr_info("%s[%d]: cannot push the frame for signal %d at sp %#lx\n", t->comm, t->pid, sig,
            (unsigned long)t->user_frame->sp);
    if (sig == SIGSEGV) {
        struct sighand *sh = t->sig.sighand;
        spin_lock(&sh->lock);
        sig_action(t, SIGSEGV)->sa_handler = SIG_DFL;
        spin_unlock(&sh->lock);
    }
    signal_force_fault(SIGSEGV, SI_KERNEL, 0, 0);
}

/* handle_signal() + signal_delivered(). */
static void handle_signal(struct task *t, struct trap_frame *f, const struct ksignal *k)
{
    struct task_signal *s = &t->sig;
    struct sigframe_args a = {0};
    a.sig = k->sig;
    a.info = &k->info;
    a.handler = k->ka.sa_handler;
    a.sa_flags = k->ka.sa_flags;
    a.oldmask = s->restore_mask ? s->saved_mask : s->blocked;
    a.fault_address = s->fault_address;
    a.fault_esr = s->fault_esr;
    /* The alternate stack, if asked for and not already in use (sigsp). */
    a.sp_top = f->sp;
    if ((k->ka.sa_flags & SA_ONSTACK) && sas_flags_for(&s->altstack, f->sp) == 0)
        a.sp_top = s->altstack.sp + s->altstack.size;
    a.uc_stack.ss_sp = s->altstack.sp;
    a.uc_stack.ss_size = s->altstack.size;
    a.uc_stack.ss_flags = sas_flags_for(&s->altstack, f->sp);
    a.restorer = (k->ka.sa_flags & SA_RESTORER) ? k->ka.sa_restorer : sig_sigpage_addr(t);
    if (!a.restorer || arch_signal_setup_frame(f, t, &a) != 0) {
        force_sigsegv(t, k->sig);
        return;
    }
    if (s->altstack.flags & SS_AUTODISARM)
        s->altstack = (struct sigaltstack_state){0, 0, SS_DISABLE};
    struct sighand *sh = s->sighand;
    spin_lock(&sh->lock);
    s->restore_mask = false;
    s->blocked |= k->ka.sa_mask;
    if (!(k->ka.sa_flags & SA_NODEFER))
        s->blocked |= SIGMASK(k->sig);
    s->blocked &= ~SIG_KERNEL_ONLY_MASK;
    sig_recalc(t);
    spin_unlock(&sh->lock);
}

/* No handler ran: the mask sigsuspend replaced comes back. True if it
 * did (which may make another signal deliverable). */
static bool restore_saved_mask(struct task *t)
{
    struct task_signal *s = &t->sig;
    if (!s->restore_mask)
        return false;
    spin_lock(&s->sighand->lock);
    s->restore_mask = false;
    s->blocked = s->saved_mask;
    sig_recalc(t);
    spin_unlock(&s->sighand->lock);
    return true;
}

void signal_deliver(struct trap_frame *f)
{
    struct task *t = current_task();
    struct task_signal *s = &t->sig;
    bool syscall = s->in_syscall;
    s->in_syscall = false;
    long retval = (long)f->regs[0];
    uint64_t continue_addr = f->pc, restart_addr = f->pc - 4;
    if (syscall && is_restart_code(retval)) {
        f->regs[0] = s->orig_x0;
        f->pc = restart_addr;
    } else {
        syscall = false;
    }
    for (;;) {
        struct ksignal k;
        if (!task_signal_pending(t) || !get_signal(t, &k)) {
            if (restore_saved_mask(t))
                continue;
            break;
        }
        if (syscall) {
            bool restart = retval == -ERESTARTNOINTR ||
                           (retval == -ERESTARTSYS && (k.ka.sa_flags & SA_RESTART));
            if (!restart) {
                f->regs[0] = (uint64_t)-EINTR;
                f->pc = continue_addr;
            }
            syscall = false;
        }
        handle_signal(t, f, &k);
    }
}
