/* POSIX signals, as Linux 6.1 arm64 implements them (kernel/signal.c,
 * arch/arm64/kernel/signal.c).
 *
 * State. Every task has a struct sighand (handlers, the process-wide
 * pending set, job-control state), shared by the threads of a process
 * (CLONE_SIGHAND) and reference-counted; plus, in struct task_signal
 * inside struct task, its own pending set, blocked mask, saved mask
 * (sigsuspend), alternate stack and the "something to do" flag that
 * task_signal_pending() reads.
 *
 * Locking: sighand->lock guards the sighand and the pending sets and
 * blocked masks of every task using it. Order: tasklist_lock, then
 * sighand->lock, then wait-queue and run-queue locks (sending wakes
 * tasks). All of it is spinlocks, so sending works in interrupt context.
 *
 * Life cycle (called by kernel/proc): signal_task_init() when a task is
 * allocated, signal_fork() when fork/clone copies one, signal_exec() when
 * a new program starts, signal_release() when the task is freed.
 *
 * Delivery: signal_deliver() on every return to user space
 * (user_return_work) runs default actions (terminate, stop, continue,
 * ignore) or pushes an arm64 rt_sigframe for a handler; rt_sigreturn
 * undoes it. Sleeping system calls return -ERESTARTSYS (or a relative
 * below) when interrupted; signal_deliver turns that into a restart or
 * -EINTR as SA_RESTART says. */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include <kernel/list.h>
#include <kernel/spinlock.h>
#include <kernel/types.h>
#include <uapi/signal.h>

struct task;
struct trap_frame;

/* Kernel-internal "restart the system call" codes (include/linux/errno.h);
 * user space never sees them:
 *   ERESTARTSYS     restart if the handler has SA_RESTART (or no handler
 *                   ran), else -EINTR;
 *   ERESTARTNOINTR  always restart;
 *   ERESTARTNOHAND  restart only if no handler ran (sigsuspend, pause);
 *   ERESTART_RESTARTBLOCK  like ERESTARTNOHAND; Linux then calls
 *                   restart_syscall with the remaining time; here the same
 *                   call is simply re-issued with its original arguments. */
#define ERESTARTSYS           512
#define ERESTARTNOINTR        513
#define ERESTARTNOHAND        514
#define ERESTART_RESTARTBLOCK 516

/* A set of signals: bit n-1 stands for signal n (the kernel sigset_t). */
typedef uint64_t ksigset_t;
#define SIGMASK(sig) (1ULL << ((sig)-1))

#define SIG_KERNEL_ONLY_MASK (SIGMASK(SIGKILL) | SIGMASK(SIGSTOP))
#define SIG_STOP_MASK        (SIGMASK(SIGSTOP) | SIGMASK(SIGTSTP) | SIGMASK(SIGTTIN) | SIGMASK(SIGTTOU))
/* Faults caused by the instruction itself: dequeued before anything else,
 * so the handler sees the right context (kernel/signal.c SYNCHRONOUS_MASK). */
#define SIG_SYNCHRONOUS_MASK                                                                       \
    (SIGMASK(SIGSEGV) | SIGMASK(SIGBUS) | SIGMASK(SIGILL) | SIGMASK(SIGTRAP) | SIGMASK(SIGFPE) |   \
     SIGMASK(SIGSYS))

static inline bool sig_valid(int sig)
{
    return sig >= 1 && sig <= _NSIG;
}

/* ---- Portable core (kernel/signal/sigcore.c, host-tested) ---- */

/* What SIG_DFL does (signal(7)). Core-dumping signals terminate; the wait
 * status gets the 0x80 "core dumped" bit only when a core file was written,
 * which never happens here (Linux's default RLIMIT_CORE is 0 as well). */
enum sig_default {
    SIG_DFL_TERM,
    SIG_DFL_CORE,
    SIG_DFL_STOP,
    SIG_DFL_CONT,
    SIG_DFL_IGNORE,
};
enum sig_default sig_default_action(int sig);

/* The next signal to take from pending & ~blocked: synchronous faults
 * first, then the lowest number (kernel/signal.c next_signal); 0 if none. */
int sig_next(ksigset_t pending, ksigset_t blocked);

/* Which union member of siginfo a (signo, code) pair uses
 * (kernel/signal.c siginfo_layout). */
enum siginfo_layout {
    SIL_KILL,
    SIL_TIMER,
    SIL_POLL,
    SIL_FAULT,
    SIL_CHLD,
    SIL_RT,
    SIL_SYS,
};
enum siginfo_layout siginfo_layout(int sig, int code);

/* A queued siginfo. Standard signals queue at most once; real-time ones
 * (>= SIGRTMIN) once per send. */
struct sigqueue {
    struct list_node node;
    struct ksiginfo info;
};

struct sigpending {
    ksigset_t set;
    struct list_node queue; /* struct sigqueue.node, oldest first */
};

void sigpending_init(struct sigpending *p);
/* Add sig with info (copied). A standard signal already pending is not
 * queued again (returns 0, nothing changes). If no memory is left for the
 * info: a standard signal is still marked pending (it is then dequeued as
 * SI_USER with no sender, as Linux does); for a real-time one -EAGAIN is
 * returned when from_user, else it too is marked without info. */
int sigpending_add(struct sigpending *p, int sig, const struct ksiginfo *info, bool from_user);
/* Remove one instance of sig, filling *info (its queued one or a bare
 * SI_USER record); sig stays pending while more instances are queued. */
void sigpending_take(struct sigpending *p, int sig, struct ksiginfo *info);
/* Discard every pending signal in mask. */
void sigpending_flush_mask(struct sigpending *p, ksigset_t mask);
static inline void sigpending_flush(struct sigpending *p)
{
    sigpending_flush_mask(p, ~0ULL);
}

/* An alternate signal stack (sigaltstack(2)). */
struct sigaltstack_state {
    uint64_t sp;
    uint64_t size;
    unsigned flags; /* SS_AUTODISARM */
};
/* Is user stack pointer sp on the alternate stack? (on_sig_stack) */
bool sas_on_stack(const struct sigaltstack_state *ss, uint64_t sp);
/* ss_flags as sigaltstack reports them for stack pointer sp. */
int sas_flags_for(const struct sigaltstack_state *ss, uint64_t sp);
/* sigaltstack(2) on the state: fill *old if non-NULL, apply *new if
 * non-NULL. sp is the caller's user stack pointer. 0, -EPERM (running on
 * the stack), -EINVAL (bad flags) or -ENOMEM (smaller than min_size). */
int sas_change(struct sigaltstack_state *ss, const struct uapi_stack *new, struct uapi_stack *old,
               uint64_t sp, uint64_t min_size);

/* ---- Per-task state (in struct task, see task.h) ---- */

/* Handlers and process-wide state, shared by a process's threads. */
struct sighand {
    struct spinlock lock; /* guards everything below and the signal state of its tasks */
    int refs;             /* atomic */
    struct uapi_sigaction action[_NSIG];
    struct sigpending shared_pending; /* kill(), sent to the whole process */
    unsigned flags;                   /* SIGHAND_* */
    int stop_sig;                     /* signal that stopped the process */
    int exit_status;                  /* wait status once SIGHAND_GROUP_EXIT */
    /* User address of the page holding the sigreturn trampoline, mapped on
     * first need for a handler without SA_RESTORER (glibc on arm64 never
     * passes one: Linux returns through the vDSO). 0: none yet. */
    uint64_t sigpage;
};

#define SIGHAND_STOPPED     (1u << 0) /* job-control stopped */
#define SIGHAND_STOP_REPORT (1u << 1) /* stop not yet reported to wait */
#define SIGHAND_CONT_REPORT (1u << 2) /* continue not yet reported to wait */
#define SIGHAND_GROUP_EXIT  (1u << 3) /* dying of a fatal signal */
#define SIGHAND_FATAL_FAULT (1u << 4) /* a forced fault: even init dies of SIG_DFL */

/* A task's own signal state (struct task.sig). */
struct task_signal {
    struct sighand *sighand;   /* never NULL once signal_task_init succeeded */
    struct sigpending pending; /* sent to this thread (tkill, faults); sighand->lock */
    ksigset_t blocked;         /* changed by the task itself under sighand->lock */
    ksigset_t real_blocked;    /* rt_sigtimedwait: the mask before the wait */
    ksigset_t saved_mask;      /* sigsuspend: restored after delivery */
    bool restore_mask;         /* saved_mask is to be restored */
    int flag;                  /* atomic: 1 if signal_deliver has work (task_signal_pending) */
    struct sigaltstack_state altstack; /* owned by the task */
    /* Set by syscall_dispatch, read and cleared by signal_deliver: the
     * return to user follows a system call, whose x0 was this. */
    bool in_syscall;
    uint64_t orig_x0;
    /* Fault details for the signal frame (fault_address, esr_context). */
    uint64_t fault_address;
    uint64_t fault_esr;
    bool did_exec; /* has called execve since fork (setpgid EACCES) */
};

/* ---- Life cycle (kernel/signal/state.c) ---- */

/* A new task: fresh default handlers, nothing pending. 0 or -ENOMEM. */
int signal_task_init(struct task *t);
/* fork/clone: the child shares the parent's handlers under CLONE_SIGHAND,
 * else gets a copy; it inherits the blocked mask and the alternate stack
 * (not under CLONE_VM without CLONE_VFORK), nothing pending. 0 or -ENOMEM. */
int signal_fork(struct task *child, struct task *parent, unsigned long clone_flags);
/* execve: caught signals go back to SIG_DFL (ignored ones stay ignored),
 * SA_* flags other than on ignored signals are cleared, the alternate
 * stack is disabled, the mask and pending signals are kept. */
void signal_exec(struct task *t);
/* The task is being freed. */
void signal_release(struct task *t);

/* ---- Sending (kernel/signal/send.c) ---- */

/* info may be NULL: SI_KERNEL from the kernel. Return 0 or -EINVAL (bad
 * signal number), -EAGAIN (real-time queue full); a signal the target
 * ignores is dropped and still returns 0. sig 0 only checks. Safe in
 * interrupt context. */
int signal_send_thread(struct task *t, int sig, const struct ksiginfo *info);
/* To the whole process of t: any thread not blocking it handles it. */
int signal_send_process(struct task *t, int sig, const struct ksiginfo *info);
/* To every process in group pgid (kill(-pgid), the tty's ^C/^Z/SIGHUP):
 * 0 or -ESRCH if the group is empty. */
int signal_send_pgrp(int pgid, int sig);
/* kill(2) semantics for pid > 0, 0 (the caller's group), -1 (everyone but
 * init and the caller) and < -1 (group -pid), with SI_USER info from the
 * current task. 0, -ESRCH or -EINVAL. */
int signal_kill(int pid, int sig);
/* A synchronous fault of the current task (SIGSEGV, SIGBUS, ...): if the
 * signal is blocked or ignored the process dies of it anyway (Linux
 * force_sig_fault). addr is si_addr, esr goes into the frame's esr_context
 * (0: none). */
void signal_force_fault(int sig, int code, uint64_t addr, uint64_t esr);
/* Does the current task run a handler for sig (not SIG_DFL/SIG_IGN, not
 * blocked)? For "unhandled signal" log lines. */
bool signal_has_handler(int sig);

/* tkill/tgkill (kernel/signal.c do_send_specific): to thread tid, which
 * must belong to process tgid if tgid > 0. 0, -ESRCH, -EINVAL. */
int signal_send_tid(int tgid, int tid, int sig, const struct ksiginfo *info);
/* rt_sigqueueinfo: to process pid with the caller's info. 0, -ESRCH,
 * -EINVAL, -EAGAIN. */
int signal_send_pid(int pid, int sig, const struct ksiginfo *info);

/* ---- The current task's side, for the system calls (kernel/signal/task_ops.c) ---- */

/* rt_sigaction on kernel copies (act/oact may be NULL). 0 or -EINVAL. */
int signal_sigaction(int sig, const struct uapi_sigaction *act, struct uapi_sigaction *oact);
/* rt_sigprocmask: how is SIG_BLOCK/UNBLOCK/SETMASK; set may be NULL.
 * SIGKILL and SIGSTOP are never blocked. 0 or -EINVAL. */
int signal_sigprocmask(int how, const ksigset_t *set, ksigset_t *old);
/* rt_sigpending: pending (thread or process) and blocked. */
ksigset_t signal_pending_blocked(void);
/* rt_sigsuspend: wait with mask in force until a signal is delivered;
 * always -ERESTARTNOHAND (becoming -EINTR once a handler ran). */
long signal_sigsuspend(ksigset_t mask);
/* rt_sigtimedwait: take a signal of `these` from the pending sets, waiting
 * until deadline_ns (KTIME_NEVER: forever; 0: no wait). The signal number
 * with *info, -EAGAIN on timeout or -EINTR if another signal came. */
int signal_sigtimedwait(ksigset_t these, uint64_t deadline_ns, struct ksiginfo *info);
/* ppoll/pselect6 (Linux set_user_sigmask): if usigmask is non-zero, put
 * the user's mask in force for the call (sigsetsize must be 8: -EINVAL;
 * bad pointer: -EFAULT), remembering the old one. 0 or -errno. */
int signal_set_poll_mask(long usigmask, long sigsetsize);
/* After the call: the old mask comes back now, or, if the call was
 * interrupted by a signal (-ERESTARTNOHAND), once the handler frame has
 * saved it (restore_saved_sigmask_unless). */
void signal_restore_poll_mask(bool interrupted);
/* sigaltstack on the current task; sp is its user stack pointer. */
int signal_sigaltstack(const struct uapi_stack *new, struct uapi_stack *old);
/* rt_sigreturn: restore the state the frame at f->sp saved (registers,
 * FP/SIMD, mask, alternate stack); a bad frame gets SIGSEGV. Returns x0 to
 * leave in place. */
long signal_sigreturn(struct trap_frame *f);

/* ---- Delivery (kernel/signal/deliver.c) ---- */

/* syscall_dispatch: remember x0 before the call overwrites it. */
void signal_syscall_enter(struct trap_frame *f);
/* Return to user space (user_return_work): syscall restart, then default
 * actions or handler frames for every deliverable signal. May not return
 * (exit) or may sleep (stop). */
void signal_deliver(struct trap_frame *f);

/* ---- Architecture hooks (kernel/arch/arm64/signal_frame.c) ---- */

struct sigframe_args {
    int sig;
    const struct ksiginfo *info;
    uint64_t handler;
    uint64_t sa_flags;
    uint64_t restorer;          /* where the handler returns (x30) */
    ksigset_t oldmask;          /* uc_sigmask: restored by rt_sigreturn */
    struct uapi_stack uc_stack; /* the alternate stack as it was */
    uint64_t sp_top;            /* the frame goes below this */
    uint64_t fault_address;     /* sigcontext.fault_address */
    uint64_t fault_esr;         /* esr_context, if non-zero */
};
/* Push a signal frame for t (the current task; f its user registers) and
 * aim the registers at the handler. 0, or -EFAULT if the stack is not
 * writable (the caller then forces SIGSEGV). */
int arch_signal_setup_frame(struct trap_frame *f, struct task *t, const struct sigframe_args *a);
/* rt_sigreturn: restore registers and FP/SIMD state from the frame at
 * f->sp, and hand back the saved mask and uc_stack. 0, -EFAULT (frame not
 * readable) or -EINVAL (malformed); the registers are sanitised (EL0t,
 * DAIF clear) in every case. */
int arch_signal_restore_frame(struct trap_frame *f, struct task *t, ksigset_t *mask,
                              struct uapi_stack *uc_stack);

/* ---- Job control (kernel/signal/jobctl.c) ---- */

/* At exit, after child became a zombie: send its exit signal (normally
 * SIGCHLD, with CLD_EXITED/KILLED/DUMPED info) to the parent. Returns true
 * if the parent ignores SIGCHLD or set SA_NOCLDWAIT: Linux then reaps the
 * child at once and wait reports nothing for it. Takes tasklist_lock. */
bool signal_notify_parent_exit(struct task *child);
/* wait4/waitid, tasklist_lock held: a stop not yet reported? Its wait
 * status ((sig << 8) | 0x7f) in *wait_status; consume clears it. */
bool signal_take_stop_report(struct task *child, int *wait_status, bool consume);
/* WCONTINUED: a continue not yet reported? (wait status 0xffff) */
bool signal_take_continue_report(struct task *child, bool consume);
/* Is t's process stopped by a job-control signal? (/proc state 'T';
 * the task itself sleeps TASK_INTERRUPTIBLE while stopped.) */
bool signal_task_stopped(struct task *t);
/* Is the process group orphaned (no member has a parent in another group
 * of the same session; POSIX XBD 3.254)? Job-control stops are discarded
 * then, and the tty gives EIO instead of SIGTTIN/SIGTTOU. */
bool signal_pgrp_is_orphaned(int pgid);
/* task_exit, before the children are handed to init (tasklist_lock not
 * held): process groups that t's exit orphans and that have stopped
 * members get SIGHUP and SIGCONT (POSIX _exit(2), Linux
 * kill_orphaned_pgrp). */
void signal_exit_orphans(struct task *t);
/* For the tty (tty_caller.ttin_ignored/ttou_ignored): does task t
 * ignore or block sig? */
bool signal_ignored_or_blocked(struct task *t, int sig);

#endif
