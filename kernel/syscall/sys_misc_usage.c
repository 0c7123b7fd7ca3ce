/* CPU usage and interval timers: times(2), getrusage(2), setitimer(2),
 * getitimer(2). The kernel does not split user from system time yet: all
 * CPU time is reported as user time. Children's times are those of reaped
 * children (task->child_runtime_ns, added up by wait). */
#include <kernel/clock.h>
#include <kernel/machine.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>
#include <uapi/resource.h>

#include "sys_handlers.h"

#define NSEC_PER_USER_TICK (NSEC_PER_SEC / USER_HZ)
/* Linux starts jiffies 5 minutes before wrapping 32 bits (INITIAL_JIFFIES,
 * include/linux/jiffies.h) and times() returns jiffies in USER_HZ units,
 * so its value is large from boot on; we return the same. */
#define INITIAL_JIFFIES ((uint64_t)(uint32_t)(-300 * TICK_HZ))

long sys_times(long ubuf, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct task *t = current_task();
    if (ubuf) {
        struct tms tms = {0, 0, 0, 0};
        tms.tms_utime = (int64_t)(task_cputime_ns(t) / NSEC_PER_USER_TICK);
        tms.tms_cutime =
            (int64_t)(__atomic_load_n(&t->child_runtime_ns, __ATOMIC_RELAXED) / NSEC_PER_USER_TICK);
        if (copy_to_user((uint64_t)ubuf, &tms, sizeof(tms)))
            return -EFAULT;
    }
    uint64_t jiffies = INITIAL_JIFFIES + clock_monotonic_ns() / (NSEC_PER_SEC / TICK_HZ);
    return (long)(jiffies * (NSEC_PER_SEC / TICK_HZ) / NSEC_PER_USER_TICK);
}

long sys_getrusage(long who, long uru, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct task *t = current_task();
    uint64_t ns;
    switch (who) {
    case RUSAGE_SELF:
    case RUSAGE_THREAD: /* one thread per process so far */
        ns = task_cputime_ns(t);
        break;
    case RUSAGE_CHILDREN:
        ns = __atomic_load_n(&t->child_runtime_ns, __ATOMIC_RELAXED);
        break;
    default:
        return -EINVAL;
    }
    struct rusage ru;
    memset(&ru, 0, sizeof(ru));
    ru.ru_utime = ns_to_timeval(ns);
    return copy_to_user((uint64_t)uru, &ru, sizeof(ru));
}

static bool timeval_valid(const struct timeval *tv)
{
    return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < USEC_PER_SEC;
}

static uint64_t timeval_to_ns(const struct timeval *tv)
{
    uint64_t s = (uint64_t)tv->tv_sec;
    if (s >= UINT64_MAX / NSEC_PER_SEC)
        return UINT64_MAX / 2; /* centuries: never fires */
    return s * NSEC_PER_SEC + (uint64_t)tv->tv_usec * NSEC_PER_USEC;
}

static struct itimerval to_itimerval(uint64_t value, uint64_t interval)
{
    struct itimerval v = {ns_to_timeval(interval), ns_to_timeval(value)};
    return v;
}

/* ITIMER_VIRTUAL and ITIMER_PROF (user / user+system CPU time) are not
 * implemented: setting them is refused with -EINVAL and they read as
 * disarmed. */
long sys_getitimer(long which, long uval, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    uint64_t value = 0, interval = 0;
    switch (which) {
    case ITIMER_REAL:
        itimer_real_get(current_task(), &value, &interval);
        break;
    case ITIMER_VIRTUAL:
    case ITIMER_PROF:
        break;
    default:
        return -EINVAL;
    }
    struct itimerval v = to_itimerval(value, interval);
    return copy_to_user((uint64_t)uval, &v, sizeof(v));
}

long sys_setitimer(long which, long unew, long uold, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct itimerval nv;
    memset(&nv, 0, sizeof(nv)); /* NULL new value: disarm (a Linux misfeature) */
    if (unew && copy_from_user(&nv, (uint64_t)unew, sizeof(nv)))
        return -EFAULT;
    if (which != ITIMER_REAL)
        return -EINVAL; /* unknown, or VIRTUAL/PROF (not implemented) */
    if (!timeval_valid(&nv.it_value) || !timeval_valid(&nv.it_interval))
        return -EINVAL;
    uint64_t old_value, old_interval;
    int err = itimer_real_set(current_task(), timeval_to_ns(&nv.it_value),
                              timeval_to_ns(&nv.it_interval), &old_value, &old_interval);
    if (err)
        return err;
    if (uold) {
        struct itimerval ov = to_itimerval(old_value, old_interval);
        if (copy_to_user((uint64_t)uold, &ov, sizeof(ov)))
            return -EFAULT;
    }
    return 0;
}
