/* Scheduling queries and knobs: getpriority(2), setpriority(2),
 * sched_getaffinity(2), sched_setaffinity(2), sched_getscheduler(2),
 * sched_getparam(2), sched_get_priority_max/min(2), getcpu(2),
 * personality(2). Linux 6.1 kernel/sys.c and kernel/sched/core.c are the
 * model. Every task runs under SCHED_OTHER; nice is task->nice, which the
 * scheduler's weights use. Only the caller's own process can be named
 * (pid 0 or its own id): there is no pid lookup yet. */
#include <kernel/arch.h>
#include <kernel/cred.h>
#include <kernel/percpu.h>
#include <kernel/rlimit.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>
#include <uapi/resource.h>

#include "sys_handlers.h"

/* include/uapi/linux/sched.h policies. */
#define SCHED_OTHER    0
#define SCHED_FIFO     1
#define SCHED_RR       2
#define SCHED_BATCH    3
#define SCHED_IDLE     5
#define SCHED_DEADLINE 6

#define MIN_NICE (-20)
#define MAX_NICE 19
/* cpumask_size(): one long per 64 possible CPUs (measured on Debian's
 * 6.1 arm64 kernel: sched_getaffinity(0, 128, m) returns 8). */
#define CPUMASK_BYTES 8

static struct task *self_if(long pid)
{
    struct task *t = current_task();
    return pid == 0 || pid == t->pid || pid == t->tgid ? t : NULL;
}

/* PRIO_PGRP and PRIO_USER select every member; we can reach only the
 * caller, so it stands for the group when it belongs to it. */
static struct task *prio_target(long which, long who)
{
    struct task *t = current_task();
    switch (which) {
    case PRIO_PROCESS:
        return self_if(who);
    case PRIO_PGRP:
        return who == 0 || who == t->pgid ? t : NULL;
    case PRIO_USER:
        return who == 0 || (uint32_t)who == t->cred.uid ? t : NULL;
    default:
        return NULL;
    }
}

long sys_getpriority(long which, long who, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    if (which < PRIO_PROCESS || which > PRIO_USER)
        return -EINVAL;
    if (which == PRIO_PROCESS && who != 0 && who != current_task()->tgid) {
        /* Another process: read it under tasklist_lock. */
        spin_lock(&tasklist_lock);
        struct task *o = task_find_locked((int)who);
        long r = o ? MAX_NICE + 1 - o->nice : -ESRCH;
        spin_unlock(&tasklist_lock);
        return r;
    }
    struct task *t = prio_target(which, who);
    if (!t)
        return -ESRCH;
    /* nice_to_rlimit(): 20 - nice, so the result is never negative. */
    return MAX_NICE + 1 - __atomic_load_n(&t->nice, __ATOMIC_RELAXED);
}

long sys_setpriority(long which, long who, long niceval, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    if (which < PRIO_PROCESS || which > PRIO_USER)
        return -EINVAL;
    int nice = niceval < MIN_NICE ? MIN_NICE : niceval > MAX_NICE ? MAX_NICE : (int)niceval;
    if (which == PRIO_PROCESS && who != 0 && who != current_task()->tgid) {
        /* Another process (everyone is root: no permission check yet). */
        spin_lock(&tasklist_lock);
        struct task *o = task_find_locked((int)who);
        if (o)
            __atomic_store_n(&o->nice, nice, __ATOMIC_RELAXED);
        spin_unlock(&tasklist_lock);
        return o ? 0 : -ESRCH;
    }
    struct task *t = prio_target(which, who);
    if (!t)
        return -ESRCH;
    /* can_nice(): lowering nice needs RLIMIT_NICE room or CAP_SYS_NICE. */
    uint64_t room = task_rlimit(t, RLIMIT_NICE);
    if (nice < t->nice && (uint64_t)(MAX_NICE + 1 - nice) > room && !cred_is_root(&t->cred))
        return -EACCES;
    __atomic_store_n(&t->nice, nice, __ATOMIC_RELAXED);
    return 0;
}

static void online_mask(uint8_t mask[CPUMASK_BYTES])
{
    memset(mask, 0, CPUMASK_BYTES);
    for (unsigned i = 0; i < MAX_CPUS; i++)
        if (__atomic_load_n(&percpu_area[i].idle, __ATOMIC_ACQUIRE))
            mask[i / 8] |= (uint8_t)(1u << (i % 8));
}

static unsigned highest_online(void)
{
    unsigned n = 1;
    for (unsigned i = 0; i < MAX_CPUS; i++)
        if (__atomic_load_n(&percpu_area[i].idle, __ATOMIC_ACQUIRE))
            n = i + 1;
    return n;
}

long sys_sched_getaffinity(long pid, long len, long umask, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    size_t n = (size_t)(unsigned)len;
    if (n * 8 < highest_online() || (n & (sizeof(long) - 1)))
        return -EINVAL;
    if (!self_if(pid))
        return -ESRCH;
    uint8_t mask[CPUMASK_BYTES];
    online_mask(mask);
    size_t ret = MIN(n, (size_t)CPUMASK_BYTES);
    if (copy_to_user((uint64_t)umask, mask, ret))
        return -EFAULT;
    return (long)ret;
}

/* Accepted and not stored: any mask with an online CPU lets the task run
 * where it runs now. A mask without one is -EINVAL, as on Linux. */
long sys_sched_setaffinity(long pid, long len, long umask, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    uint8_t want[CPUMASK_BYTES], online[CPUMASK_BYTES];
    memset(want, 0, sizeof(want));
    size_t n = MIN((size_t)(unsigned)len, (size_t)CPUMASK_BYTES); /* short: rest clear */
    if (copy_from_user(want, (uint64_t)umask, n))
        return -EFAULT;
    if (!self_if(pid))
        return -ESRCH;
    online_mask(online);
    for (unsigned i = 0; i < CPUMASK_BYTES; i++)
        if (want[i] & online[i])
            return 0;
    return -EINVAL;
}

long sys_sched_getscheduler(long pid, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    if (pid < 0)
        return -EINVAL;
    return self_if(pid) ? SCHED_OTHER : -ESRCH;
}

long sys_sched_getparam(long pid, long uparam, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    if (!uparam || pid < 0)
        return -EINVAL;
    if (!self_if(pid))
        return -ESRCH;
    int prio = 0; /* struct sched_param { int sched_priority; } */
    return copy_to_user((uint64_t)uparam, &prio, sizeof(prio));
}

long sys_sched_get_priority_max(long policy, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    switch (policy) {
    case SCHED_FIFO:
    case SCHED_RR:
        return 99; /* MAX_RT_PRIO - 1 */
    case SCHED_OTHER:
    case SCHED_BATCH:
    case SCHED_IDLE:
    case SCHED_DEADLINE:
        return 0;
    default:
        return -EINVAL;
    }
}

long sys_sched_get_priority_min(long policy, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    switch (policy) {
    case SCHED_FIFO:
    case SCHED_RR:
        return 1;
    case SCHED_OTHER:
    case SCHED_BATCH:
    case SCHED_IDLE:
    case SCHED_DEADLINE:
        return 0;
    default:
        return -EINVAL;
    }
}

long sys_getcpu(long ucpu, long unode, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    unsigned cpu = arch_cpu_id(), node = 0;
    if (ucpu && copy_to_user((uint64_t)ucpu, &cpu, sizeof(cpu)))
        return -EFAULT;
    if (unode && copy_to_user((uint64_t)unode, &node, sizeof(node)))
        return -EFAULT;
    return 0;
}

/* personality(2): returns the old value; 0xffffffff only queries. The
 * value is kept and inherited but changes nothing (PER_LINUX = 0 is the
 * only personality arm64 Linux really runs). */
long sys_personality(long persona, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct task *t = current_task();
    unsigned old = t->personality;
    if ((unsigned)persona != 0xffffffffU)
        t->personality = (unsigned)persona;
    return old;
}
