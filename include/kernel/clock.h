/* The clocks behind clock_gettime(2) and friends (kernel/time/clock.c).
 *
 * CLOCK_MONOTONIC is the generic timer's counter since boot
 * (clock_monotonic_ns(), machine.h). CLOCK_REALTIME is the monotonic clock
 * plus an offset taken from the PL031 real-time clock at boot (0 = the
 * epoch when there is none) and changed by clock_settime/settimeofday.
 * CLOCK_BOOTTIME equals CLOCK_MONOTONIC (the kernel never suspends). The
 * coarse clocks are rounded down to the scheduler tick (Linux's coarse
 * clocks advance once per jiffy). CPU-time clocks read task->runtime_ns
 * plus the running slice. */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H

#include <kernel/devtree.h>
#include <kernel/types.h>
#include <uapi/time.h>

struct task;

/* Read the RTC and set CLOCK_REALTIME from it (boot, once). */
void clock_init(const struct dt_platform *plat);

/* Nanoseconds since the epoch (never negative: settime refuses it). */
uint64_t clock_realtime_ns(void);
/* Set CLOCK_REALTIME; the caller has checked privilege and range. */
void clock_set_realtime_ns(uint64_t ns);
/* CLOCK_REALTIME minus CLOCK_MONOTONIC, for absolute realtime deadlines. */
int64_t clock_realtime_offset_ns(void);

/* A task's CPU time including the slice it is running now (if current). */
uint64_t task_cputime_ns(struct task *t);

/* clock_gettime(2) for any clock id, including the negative CPU-clock
 * ids of clock_getcpuclockid/pthread_getcpuclockid for the calling
 * process or thread: 0 or -EINVAL. */
int clock_read(int clockid, struct timespec *ts);
/* clock_getres(2): 0 or -EINVAL. */
int clock_resolution(int clockid, struct timespec *ts);

/* ITIMER_REAL of process t (kernel/time/itimer.c): the time left and the
 * interval in ns, 0 meaning disarmed / one-shot. set returns the old
 * values like get, then arms (value 0 disarms): 0 or -ENOMEM. */
int itimer_real_get(struct task *t, uint64_t *value_ns, uint64_t *interval_ns);
int itimer_real_set(struct task *t, uint64_t value_ns, uint64_t interval_ns, uint64_t *old_value,
                    uint64_t *old_interval);
/* The signal code calls this when it dequeues SIGALRM for delivery to
 * process t (Linux dequeue_signal): a periodic ITIMER_REAL is re-armed
 * then, not at expiry. */
void itimer_sigalrm_dequeued(struct task *t);
/* ITIMER_REAL expirations since boot (for tests). */
uint64_t itimer_fired_count(void);

/* timespec helpers. */
static inline bool timespec_valid(const struct timespec *ts)
{
    return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < NSEC_PER_SEC;
}

/* Saturates at UINT64_MAX for times past the year 2554. */
static inline uint64_t timespec_to_ns(const struct timespec *ts)
{
    uint64_t s = (uint64_t)ts->tv_sec;
    if (s >= UINT64_MAX / NSEC_PER_SEC)
        return UINT64_MAX;
    return s * NSEC_PER_SEC + (uint64_t)ts->tv_nsec;
}

static inline struct timespec ns_to_timespec(uint64_t ns)
{
    struct timespec ts = {(int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC)};
    return ts;
}

static inline struct timeval ns_to_timeval(uint64_t ns)
{
    struct timeval tv = {(int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC / 1000)};
    return tv;
}

/* The PL031 real-time clock (kernel/drivers/pl031.c). */
int pl031_init(const struct dt_range *regs);
/* Seconds since the epoch, or -ENODEV without the device. */
int pl031_read_seconds(uint64_t *secs);

#endif
