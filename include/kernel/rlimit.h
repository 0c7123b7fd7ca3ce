/* Resource limits (getrlimit(2), setrlimit(2), prlimit(2)) and the other
 * per-process state of the misc system calls.
 *
 * struct rlimits lives in struct task (t->rlimits). It is per process:
 * only the task itself changes it (prlimit on another pid is refused), so
 * it needs no lock; readers elsewhere (exec reading RLIMIT_STACK, the VFS
 * reading RLIMIT_NOFILE) run in the task itself. Threads, once they exist,
 * must share one copy.
 *
 * Lifecycle: task_alloc() gives every task Linux's boot defaults
 * (rlimits_init, called from kernel/proc/task.c); fork copies the
 * parent's (misc_fork_resources, called from kernel/proc/resources.c);
 * exec keeps them. Portable rules in kernel/lib/rlimit.c (host-tested by
 * tests/host/test_rlimit.c). */
#ifndef KERNEL_RLIMIT_H
#define KERNEL_RLIMIT_H

#include <kernel/types.h>
#include <uapi/resource.h>

struct task;

struct rlimits {
    struct rlimit lim[RLIM_NLIMITS];
};

/* Linux's sysctl fs.nr_open default: the ceiling for RLIMIT_NOFILE. */
#define NR_OPEN_DEFAULT (1024 * 1024)

/* Linux 6.1 INIT_RLIMITS (include/asm-generic/resource.h) with the values
 * fork_init() derives from memory: NPROC and SIGPENDING = max_threads / 2. */
void rlimits_init_defaults(struct rlimits *r, uint64_t max_threads);
/* max_threads as Linux's set_max_threads() computes it: RAM / (8 kernel
 * stacks of 16 KiB), between 20 and FUTEX_TID_MASK. */
uint64_t rlimits_max_threads(uint64_t ram_bytes);
/* The defaults for this machine (kernel only: reads the page allocator). */
void rlimits_init(struct rlimits *r);

static inline void rlimits_copy(struct rlimits *dst, const struct rlimits *src)
{
    *dst = *src;
}

/* do_prlimit()'s checks for replacing old by new: 0, -EINVAL (cur > max),
 * or -EPERM (raising the hard limit unprivileged, or NOFILE above nr_open).
 * The caller has checked resource < RLIM_NLIMITS. */
int rlimit_check(unsigned resource, const struct rlimit *old, const struct rlimit *new_lim,
                 bool privileged);

/* The soft limit of resource for task t. */
uint64_t task_rlimit(const struct task *t, unsigned resource);

/* Per-process misc state at fork and exit (kernel/proc/resources.c calls
 * these): fork copies credentials, limits and personality, never the
 * interval timer; exit/failed fork disarms and frees the timer. */
void misc_fork_resources(struct task *child, const struct task *parent);
void misc_release_resources(struct task *t);

/* ITIMER_REAL (kernel/time/itimer.c): disarm and free t's timer. */
void itimer_exit(struct task *t);

#endif
