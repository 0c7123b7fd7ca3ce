/* Tasks: the kernel's unit of scheduling. A user process is a task with
 * an address space (struct mm); kernel threads have none. Threads (CLONE_VM)
 * will be tasks sharing one mm and one thread group. */
#ifndef KERNEL_TASK_H
#define KERNEL_TASK_H

#include <kernel/cred.h>
#include <kernel/list.h>
#include <kernel/rlimit.h>
#include <kernel/signal.h>
#include <kernel/spinlock.h>
#include <kernel/trap_frame.h>
#include <kernel/types.h>
#include <kernel/wait.h>

struct mm;
struct fdtable;
struct fs_context;

/* Callee-saved registers across cpu_switch_to (AAPCS64 5.1.1): x19-x28,
 * the frame pointer, the link register and SP. context.S uses these
 * offsets. */
struct cpu_context {
    uint64_t x19, x20, x21, x22, x23, x24, x25, x26, x27, x28;
    uint64_t fp, lr, sp;
};

/* User floating-point/SIMD state: V0-V31, FPSR, FPCR. The kernel itself is
 * built with -mgeneral-regs-only, so these belong to user space alone. */
struct fpsimd_state {
    __uint128_t v[32];
    uint32_t fpsr, fpcr;
} __attribute__((aligned(16)));

enum task_state {
    TASK_RUNNING,       /* on a run queue or on a CPU */
    TASK_INTERRUPTIBLE, /* sleeping; signals wake it */
    TASK_UNINTERRUPTIBLE,
    TASK_STOPPED, /* SIGSTOP */
    TASK_ZOMBIE,  /* exited, waiting for its parent */
    TASK_DEAD,    /* reaped; memory about to be freed */
};

#define TASK_COMM_LEN 16

struct task {
    /* Owned by the task itself / the CPU running it: no lock. */
    struct cpu_context ctx; /* must stay first: context.S */
    struct fpsimd_state fp;
    uint64_t tls; /* TPIDR_EL0 */
    void *kstack_top;
    struct trap_frame *user_frame; /* user registers, at the top of kstack */

    /* Scheduler fields, guarded by the run-queue lock (sched.c). */
    enum task_state state;
    struct list_node run_node;
    bool on_rq;
    int on_cpu;        /* CPU running it, or -1 */
    int nice;          /* -20..19 */
    uint64_t vruntime; /* weighted ns run, for fairness */
    uint64_t slice_start_ns;
    uint64_t runtime_ns;       /* total CPU time, for times()/getrusage() */
    uint64_t child_runtime_ns; /* of reaped children (tasklist_lock) */

    /* Identity, fixed after creation. */
    int pid;  /* thread id */
    int tgid; /* process id */
    char comm[TASK_COMM_LEN];
    int pgid; /* process group (setpgid) */
    int sid;  /* session (setsid) */

    /* Process tree, guarded by tasklist_lock (task.c). */
    struct task *parent;
    struct list_node children;
    struct list_node sibling;
    struct list_node all_node;
    int exit_status;              /* wait status (Linux encoding) once zombie */
    int exit_signal;              /* sent to the parent at exit (clone CSIGNAL) */
    bool vfork_released;          /* vfork child has exec'd or exited */
    struct task *vfork_parent;    /* sleeping until vfork_released, or NULL */
    uint64_t set_child_tid;       /* CLONE_CHILD_SETTID: written at first run */
    uint64_t clear_child_tid;     /* set_tid_address: zeroed at exit */
    uint64_t robust_list;         /* set_robust_list head (futexes, later) */
    int pdeath_signal;            /* prctl(PR_SET_PDEATHSIG) */
    bool dumpable;                /* prctl(PR_SET_DUMPABLE); true after exec */
    bool no_new_privs;            /* prctl(PR_SET_NO_NEW_PRIVS) */
    struct wait_queue child_wait; /* the task waits here for children */

    struct mm *mm; /* NULL for kernel threads */

    /* Files (kernel/fs, vfs.h): the descriptor table and cwd/root/umask,
     * reference-counted, shared under CLONE_FILES / CLONE_FS. NULL for
     * kernel threads. */
    struct fdtable *files;
    struct fs_context *fs;

    /* Identity, limits and timers of the misc system calls (cred.h,
     * rlimit.h): changed only by the task itself. fork copies cred,
     * rlimits and personality (misc_fork_resources); itimer is never
     * inherited and is freed at exit (itimer_exit). */
    struct cred cred;
    struct rlimits rlimits;
    unsigned personality;
    struct itimer *itimer; /* ITIMER_REAL state, NULL until setitimer */

    /* Signals (kernel/signal, signal.h): handlers, pending sets, mask,
     * alternate stack; locking described there. */
    struct task_signal sig;
};

/* The task running on this CPU. */
struct task *current_task(void);

/* Create a kernel thread running fn(arg); it starts runnable. */
struct task *kthread_create(const char *name, void (*fn)(void *), void *arg);

/* fork/vfork/clone with fork semantics (threads come later): the child's
 * tid or -errno. Flags as clone(2) (CLONE_VM only with CLONE_VFORK). */
long task_fork(unsigned long flags, uint64_t new_sp, uint64_t tls, uint64_t child_tid);

/* Create a user task in address space mm (a reference is taken) that
 * starts at entry with stack pointer sp, as a child of the caller. */
struct task *user_task_create(const char *name, struct mm *mm, uint64_t entry, uint64_t sp);

/* Start a task (a child of parent, or parentless) that runs fn(arg) in
 * kernel mode, typically an exec, and then enters user space through the
 * registers exec set; if fn fails, the task exits with status 127. */
struct task *task_spawn_exec(const char *name, struct task *parent, int (*fn)(void *), void *arg);

/* Allocate a task with a kernel stack and a fresh pid, not yet runnable. */
struct task *task_alloc(const char *name);
void task_free(struct task *t);

/* Ends the current task with a wait status (Linux encoding: exit code
 * << 8, or the signal number). */
void task_exit(int wait_status) __attribute__((noreturn));

/* A signal is pending and not blocked (or the task is being killed): an
 * interruptible sleep should end and return to user space. */
static inline bool task_signal_pending(const struct task *t)
{
    return __atomic_load_n(&t->sig.flag, __ATOMIC_ACQUIRE) != 0;
}

/* waitid(2)/wait4(2): which children, and how (WNOHANG, WEXITED,
 * WSTOPPED, WCONTINUED, WNOWAIT, __WCLONE, __WALL from uapi/sched.h). */
struct wait_request {
    int idtype; /* P_ALL, P_PID or P_PGID */
    int id;
    int options;
};

/* siginfo si_code values for SIGCHLD (include/uapi/asm-generic/siginfo.h). */
#define CLD_EXITED    1
#define CLD_KILLED    2
#define CLD_DUMPED    3
#define CLD_TRAPPED   4
#define CLD_STOPPED   5
#define CLD_CONTINUED 6

struct wait_result {
    int pid;
    int status;             /* wait4's status word */
    int si_code, si_status; /* waitid's view of the same */
    uint64_t runtime_ns;
};

/* The child's pid with *res filled, 0 (WNOHANG, nothing to report),
 * -ECHILD (no matching child) or -ERESTARTSYS (a signal is pending). */
int task_wait_for(const struct wait_request *rq, struct wait_result *res);

/* tasklist_lock held: does child c have a stop or continue to report for
 * these options? If res, describe it; if consume, clear it. (Job-control
 * state lives with the signals code.) */
bool task_stop_report(struct task *c, int options, struct wait_result *res, bool consume);
/* Tell t's parent that t has exited (SIGCHLD or its exit_signal). True
 * if the parent ignores SIGCHLD or set SA_NOCLDWAIT: t is then reaped at
 * once instead of becoming a zombie (POSIX wait(2)). */
bool task_notify_parent(struct task *t);
/* The session of process group pgrp, or -ESRCH if it has no member. */
int task_pgrp_session(int pgrp);
/* The RLIMIT_STACK soft limit of t, in bytes (exec sizes the argument
 * area from it). */
uint64_t task_stack_rlimit(const struct task *t);
/* Send sig to every process in group pgrp (from interrupt context too). */
void task_signal_pgrp(int pgrp, int sig);
/* A vfork child has exec'd or is exiting: wake its parent. */
void task_vfork_release(struct task *t);

/* Reap a zombie child (pid > 0: that one; -1: any): its pid with *status
 * set, 0 if nohang and none is ready, -ECHILD if there is no such child,
 * -ERESTARTSYS if a signal arrived while waiting. */
int task_wait(int pid, int *status, bool nohang);

/* PID 1, which inherits orphans; NULL until user space starts. */
extern struct task *init_task;

/* Send SIGKILL to t's process (signal_send_process): it dies at its next
 * return to user space, woken if it sleeps interruptibly or is stopped. */
void task_kill(struct task *t);

/* tasklist_lock held: the live user process with this pid, or NULL. The
 * pointer is good only while the lock is held. */
struct task *task_find_locked(int tgid);

/* Number of tasks that exist (for leak checks). */
unsigned task_count(void);

extern struct spinlock tasklist_lock;

#endif
