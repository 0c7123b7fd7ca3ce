/* Resource-limit defaults and rules (include/kernel/rlimit.h), following
 * Linux 6.1: INIT_RLIMITS in include/asm-generic/resource.h, fork_init()
 * and set_max_threads() in kernel/fork.c, do_prlimit() in kernel/sys.c.
 * Portable: tests/host/test_rlimit.c runs it. */
#include <kernel/rlimit.h>
#include <uapi/errno.h>

#define INF            RLIM_INFINITY
#define MIB            (1024ULL * 1024)
#define THREAD_SIZE    (16ULL * 1024) /* arm64 kernel stack */
#define MIN_THREADS    20
#define FUTEX_TID_MASK 0x3fffffffULL

uint64_t rlimits_max_threads(uint64_t ram_bytes)
{
    uint64_t threads = ram_bytes / (THREAD_SIZE * 8);
    if (threads < MIN_THREADS)
        threads = MIN_THREADS;
    if (threads > FUTEX_TID_MASK)
        threads = FUTEX_TID_MASK;
    return threads;
}

void rlimits_init_defaults(struct rlimits *r, uint64_t max_threads)
{
    static const struct rlimit init[RLIM_NLIMITS] = {
        [RLIMIT_CPU] = {INF, INF},
        [RLIMIT_FSIZE] = {INF, INF},
        [RLIMIT_DATA] = {INF, INF},
        [RLIMIT_STACK] = {8 * MIB, INF}, /* _STK_LIM */
        [RLIMIT_CORE] = {0, INF},        /* only the soft limit stops dumps */
        [RLIMIT_RSS] = {INF, INF},
        [RLIMIT_NOFILE] = {1024, 4096},        /* INR_OPEN_CUR, INR_OPEN_MAX */
        [RLIMIT_MEMLOCK] = {8 * MIB, 8 * MIB}, /* MLOCK_LIMIT since Linux 5.16 */
        [RLIMIT_AS] = {INF, INF},
        [RLIMIT_LOCKS] = {INF, INF},
        [RLIMIT_MSGQUEUE] = {819200, 819200}, /* MQ_BYTES_MAX */
        [RLIMIT_NICE] = {0, 0},
        [RLIMIT_RTPRIO] = {0, 0},
        [RLIMIT_RTTIME] = {INF, INF},
    };
    for (unsigned i = 0; i < RLIM_NLIMITS; i++)
        r->lim[i] = init[i];
    r->lim[RLIMIT_NPROC].rlim_cur = r->lim[RLIMIT_NPROC].rlim_max = max_threads / 2;
    r->lim[RLIMIT_SIGPENDING].rlim_cur = r->lim[RLIMIT_SIGPENDING].rlim_max = max_threads / 2;
}

int rlimit_check(unsigned resource, const struct rlimit *old, const struct rlimit *new_lim,
                 bool privileged)
{
    if (new_lim->rlim_cur > new_lim->rlim_max)
        return -EINVAL;
    if (resource == RLIMIT_NOFILE && new_lim->rlim_max > NR_OPEN_DEFAULT)
        return -EPERM; /* above sysctl_nr_open */
    /* Raising the hard limit needs CAP_SYS_RESOURCE. */
    if (new_lim->rlim_max > old->rlim_max && !privileged)
        return -EPERM;
    return 0;
}
