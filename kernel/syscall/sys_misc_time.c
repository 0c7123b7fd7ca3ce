/* Clocks and sleeping: clock_gettime(2), clock_getres(2),
 * clock_settime(2), gettimeofday(2), settimeofday(2), nanosleep(2),
 * clock_nanosleep(2). Argument checks follow Linux 6.1
 * kernel/time/posix-timers.c and kernel/time/time.c, in the same order,
 * so a call with several faults gets Linux's errno. */
#include <kernel/clock.h>
#include <kernel/cred.h>
#include <kernel/task.h>
#include <kernel/timer.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>

#include "sys_handlers.h"

/* timespec64_valid_settod(): KTIME_SEC_MAX minus 30 years of uptime. */
#define TIME_SETTOD_SEC_MAX (9223372036LL - 30LL * 365 * 86400)

/* The time zone settimeofday records and gettimeofday reports (Linux
 * sys_tz); the kernel itself ignores it. Guarded by nothing: two 32-bit
 * fields, a torn read between them is harmless, as in Linux. */
static struct timezone sys_tz;

static bool caller_is_root(void)
{
    return cred_is_root(&current_task()->cred);
}

long sys_clock_gettime(long clockid, long utp, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct timespec ts;
    int err = clock_read((int)clockid, &ts);
    if (err)
        return err;
    return copy_to_user((uint64_t)utp, &ts, sizeof(ts));
}

long sys_clock_getres(long clockid, long utp, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct timespec ts;
    int err = clock_resolution((int)clockid, &ts);
    if (err || !utp)
        return err;
    return copy_to_user((uint64_t)utp, &ts, sizeof(ts));
}

static bool settod_valid(const struct timespec *ts)
{
    return timespec_valid(ts) && ts->tv_sec < TIME_SETTOD_SEC_MAX;
}

long sys_clock_settime(long clockid, long utp, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct timespec probe, ts;
    int id = (int)clockid;
    /* Only CLOCK_REALTIME and the pid-encoded CPU clocks have a
     * clock_set; CLOCK_PROCESS/THREAD_CPUTIME_ID do not (-EINVAL). */
    bool cpu_clock = id < 0;
    if (clock_resolution(id, &probe)) /* no such clock */
        return -EINVAL;
    if (id != CLOCK_REALTIME && !cpu_clock)
        return -EINVAL; /* checked before the copy, as in Linux */
    if (copy_from_user(&ts, (uint64_t)utp, sizeof(ts)))
        return -EFAULT;
    if (cpu_clock)
        return -EPERM; /* posix_cpu_clock_set: CPU clocks are never set */
    if (!settod_valid(&ts))
        return -EINVAL;
    if (!caller_is_root())
        return -EPERM; /* CAP_SYS_TIME */
    clock_set_realtime_ns(timespec_to_ns(&ts));
    return 0;
}

long sys_gettimeofday(long utv, long utz, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    if (utv) {
        struct timeval tv = ns_to_timeval(clock_realtime_ns());
        if (copy_to_user((uint64_t)utv, &tv, sizeof(tv)))
            return -EFAULT;
    }
    if (utz) {
        struct timezone tz = sys_tz;
        if (copy_to_user((uint64_t)utz, &tz, sizeof(tz)))
            return -EFAULT;
    }
    return 0;
}

long sys_settimeofday(long utv, long utz, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct timeval tv;
    struct timezone tz;
    struct timespec ts = {0, 0};
    if (utv) {
        if (copy_from_user(&tv, (uint64_t)utv, sizeof(tv)))
            return -EFAULT;
        if (tv.tv_usec > USEC_PER_SEC || tv.tv_usec < 0)
            return -EINVAL;
        ts.tv_sec = tv.tv_sec;
        ts.tv_nsec = tv.tv_usec * NSEC_PER_USEC;
    }
    if (utz && copy_from_user(&tz, (uint64_t)utz, sizeof(tz)))
        return -EFAULT;
    /* do_sys_settimeofday64() */
    if (utv && !settod_valid(&ts))
        return -EINVAL;
    if (!caller_is_root())
        return -EPERM;
    if (utz) {
        if (tz.tz_minuteswest > 15 * 60 || tz.tz_minuteswest < -15 * 60)
            return -EINVAL;
        sys_tz = tz;
    }
    if (utv)
        clock_set_realtime_ns(timespec_to_ns(&ts));
    return 0;
}

/* Sleep until the monotonic deadline; on a signal write what was left to
 * urem (if given) and return -EINTR. */
static long sleep_and_report(uint64_t deadline, long urem)
{
    if (sleep_until_ns(deadline, true) == 0)
        return 0;
    if (urem) {
        uint64_t now = clock_monotonic_ns();
        struct timespec left = ns_to_timespec(deadline > now ? deadline - now : 0);
        if (copy_to_user((uint64_t)urem, &left, sizeof(left)))
            return -EFAULT;
    }
    return -EINTR;
}

static int get_sleep_time(long ureq, struct timespec *ts)
{
    if (copy_from_user(ts, (uint64_t)ureq, sizeof(*ts)))
        return -EFAULT;
    return timespec_valid(ts) ? 0 : -EINVAL;
}

long sys_nanosleep(long ureq, long urem, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct timespec req;
    int err = get_sleep_time(ureq, &req);
    if (err)
        return err;
    return sleep_and_report(deadline_after_ns(timespec_to_ns(&req)), urem);
}

/* Which clocks clock_nanosleep accepts: 0, -EINVAL (no such clock) or
 * -EOPNOTSUPP (a clock without nsleep in Linux). */
static int nsleep_clock_ok(int id)
{
    struct timespec probe;
    if (clock_resolution(id, &probe))
        return -EINVAL;
    switch (id) {
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_THREAD_CPUTIME_ID:
        return -EOPNOTSUPP;
    default:
        return 0;
    }
}

/* A sleep on the caller's own CPU clock: with one thread per process
 * that clock stands still while the caller sleeps, so (as on Linux for a
 * single-threaded process) only a signal ends a sleep into the future. */
static long cpu_clock_nanosleep(int id, long flags, const struct timespec *req, long urem)
{
    if (id < 0 && (id & 4))
        return -EINVAL; /* posix_cpu_nsleep: not on one's own thread clock */
    struct timespec now_ts;
    clock_read(id, &now_ts);
    uint64_t now = timespec_to_ns(&now_ts), want = timespec_to_ns(req);
    uint64_t left = flags & TIMER_ABSTIME ? (want > now ? want - now : 0) : want;
    if (!left)
        return 0;
    sleep_until_ns(KTIME_NEVER, true);
    if (urem && !(flags & TIMER_ABSTIME)) {
        struct timespec l = ns_to_timespec(left);
        if (copy_to_user((uint64_t)urem, &l, sizeof(l)))
            return -EFAULT;
    }
    return -EINTR;
}

long sys_clock_nanosleep(long clockid, long flags, long ureq, long urem, long a4, long a5)
{
    UNUSED(a4), UNUSED(a5);
    int id = (int)clockid;
    int err = nsleep_clock_ok(id);
    if (err)
        return err;
    struct timespec req;
    err = get_sleep_time(ureq, &req);
    if (err)
        return err;
    if (id < 0 || id == CLOCK_PROCESS_CPUTIME_ID)
        return cpu_clock_nanosleep(id, flags, &req, urem);
    uint64_t ns = timespec_to_ns(&req);
    if (!(flags & TIMER_ABSTIME))
        return sleep_and_report(deadline_after_ns(ns), urem);
    /* Absolute: on the realtime clocks, convert with today's offset
     * (a later clock_settime does not move the sleep, unlike Linux). */
    if (id == CLOCK_REALTIME || id == CLOCK_REALTIME_ALARM || id == CLOCK_TAI) {
        int64_t off = clock_realtime_offset_ns();
        ns = off > 0 && ns < (uint64_t)off ? 0 : ns - (uint64_t)off;
    }
    return sleep_and_report(ns, 0);
}
