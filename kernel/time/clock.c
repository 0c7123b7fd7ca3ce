/* The POSIX clocks (include/kernel/clock.h). Linux models:
 * kernel/time/posix-timers.c (clock ids, resolutions),
 * kernel/time/posix-cpu-timers.c (CPU-clock id encoding). */
#include <kernel/clock.h>
#include <kernel/machine.h>
#include <kernel/printk.h>
#include <kernel/task.h>
#include <uapi/errno.h>

#define TICK_NSEC (NSEC_PER_SEC / TICK_HZ)

/* CLOCK_REALTIME - CLOCK_MONOTONIC; atomic (read lock-free by every
 * clock_gettime, written by clock_settime). */
static int64_t realtime_offset;

void clock_init(const struct dt_platform *plat)
{
    uint64_t secs = 0;
    int err = plat->has_rtc ? pl031_init(&plat->rtc) : -ENODEV;
    if (!err)
        err = pl031_read_seconds(&secs);
    if (err) {
        pr_warn("time: no real-time clock (%d); CLOCK_REALTIME starts at the epoch\n", err);
        secs = 0;
    }
    clock_set_realtime_ns(secs * NSEC_PER_SEC);
    if (!err)
        pr_info("time: real-time clock reads %lu s since the epoch\n", (unsigned long)secs);
}

int64_t clock_realtime_offset_ns(void)
{
    return __atomic_load_n(&realtime_offset, __ATOMIC_RELAXED);
}

uint64_t clock_realtime_ns(void)
{
    return clock_monotonic_ns() + (uint64_t)clock_realtime_offset_ns();
}

void clock_set_realtime_ns(uint64_t ns)
{
    __atomic_store_n(&realtime_offset, (int64_t)(ns - clock_monotonic_ns()), __ATOMIC_RELAXED);
}

uint64_t task_cputime_ns(struct task *t)
{
    uint64_t ns = t->runtime_ns;
    /* The running slice is charged only when the task is switched out
     * (sched.c account()); a task reading its own clock adds it. */
    if (t == current_task())
        ns += clock_monotonic_ns() - t->slice_start_ns;
    return ns;
}

/* Negative ids are CPU clocks (posix-cpu-timers.c): ~pid << 3, bit 2 for
 * a thread, low two bits the kind (PROF, VIRT, SCHED; 3 is a clock fd).
 * Only the caller's own process and threads are reachable here. */
static int cpu_clock_task(int clockid, struct task **out)
{
    if ((clockid & 3) == 3)
        return -EINVAL;
    int pid = ~(clockid >> 3);
    struct task *self = current_task();
    bool thread = clockid & 4;
    if (pid != 0 && pid != (thread ? self->pid : self->tgid))
        return -EINVAL;
    *out = self;
    return 0;
}

int clock_read(int clockid, struct timespec *ts)
{
    uint64_t ns;
    struct task *t;
    switch (clockid) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_ALARM:
    case CLOCK_TAI: /* TAI - UTC is 0 until NTP sets it */
        ns = clock_realtime_ns();
        break;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_BOOTTIME:
    case CLOCK_BOOTTIME_ALARM:
        ns = clock_monotonic_ns();
        break;
    case CLOCK_MONOTONIC_COARSE:
        ns = clock_monotonic_ns() / TICK_NSEC * TICK_NSEC;
        break;
    case CLOCK_REALTIME_COARSE:
        ns = clock_monotonic_ns() / TICK_NSEC * TICK_NSEC + (uint64_t)clock_realtime_offset_ns();
        break;
    case CLOCK_PROCESS_CPUTIME_ID: /* one thread per process so far */
    case CLOCK_THREAD_CPUTIME_ID:
        ns = task_cputime_ns(current_task());
        break;
    default:
        if (clockid >= 0 || cpu_clock_task(clockid, &t))
            return -EINVAL;
        ns = task_cputime_ns(t);
        break;
    }
    *ts = ns_to_timespec(ns);
    return 0;
}

int clock_resolution(int clockid, struct timespec *ts)
{
    struct task *t;
    switch (clockid) {
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_REALTIME_COARSE:
        *ts = ns_to_timespec(TICK_NSEC); /* one jiffy */
        return 0;
    case CLOCK_REALTIME:
    case CLOCK_MONOTONIC:
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_BOOTTIME:
    case CLOCK_REALTIME_ALARM:
    case CLOCK_BOOTTIME_ALARM:
    case CLOCK_TAI:
        *ts = ns_to_timespec(1); /* high-resolution timers */
        return 0;
    default:
        if (clockid >= 0 || cpu_clock_task(clockid, &t))
            return -EINVAL;
        *ts = ns_to_timespec(1);
        return 0;
    }
}
