/* Clocks and sleeping: clock_gettime, clock_getres, gettimeofday,
 * nanosleep, clock_nanosleep, time. Raw syscalls, so the vDSO is not what
 * is tested. Linux: kernel/time/posix-timers.c, hrtimer.c, man 2 clock_gettime. */
#include "t.h"

#include <sys/time.h>

static long long ns(const struct timespec *t)
{
    return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static long cgt(clockid_t c, struct timespec *t)
{
    return syscall(SYS_clock_gettime, c, t);
}

int main(void)
{
    t_init("time");
    struct timespec a, b, r;

    const clockid_t clocks[] = {CLOCK_REALTIME,           CLOCK_MONOTONIC,
                                CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID,
                                CLOCK_MONOTONIC_RAW,      CLOCK_REALTIME_COARSE,
                                CLOCK_MONOTONIC_COARSE,   CLOCK_BOOTTIME};
    for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
        a.tv_nsec = -1;
        CHECK_EQ(cgt(clocks[i], &a), 0, "clock_gettime(%d)", clocks[i]);
        CHECK(a.tv_sec >= 0 && a.tv_nsec >= 0 && a.tv_nsec < 1000000000,
              "clock %d gives a normalized time", clocks[i]);
        CHECK_EQ(syscall(SYS_clock_getres, clocks[i], &r), 0, "clock_getres(%d)", clocks[i]);
        CHECK(r.tv_sec == 0 && r.tv_nsec > 0 && r.tv_nsec <= 10000000,
              "resolution of clock %d in (0, 10ms] (%ld)", clocks[i], r.tv_nsec);
    }
    CHECK_EQ(syscall(SYS_clock_getres, CLOCK_MONOTONIC, &r), 0, "clock_getres MONOTONIC");
    CHECK(r.tv_nsec == 1, "MONOTONIC resolution is 1 ns with high-resolution timers (%ld)",
          r.tv_nsec);
    CHECK_EQ(syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL), 0, "clock_getres with NULL res");
    CHECK_ERR(cgt(100, &a), EINVAL, "clock_gettime of an unknown clock: EINVAL");
    CHECK_ERR(cgt(-100, &a), EINVAL, "clock_gettime of a bad CPU-clock id: EINVAL");
    CHECK_ERR(syscall(SYS_clock_getres, 100, &r), EINVAL,
              "clock_getres of an unknown clock: EINVAL");
    CHECK_ERR(cgt(CLOCK_MONOTONIC, BADPTR), EFAULT, "clock_gettime into a bad pointer: EFAULT");
    CHECK_ERR(cgt(CLOCK_REALTIME, KPTR), EFAULT, "clock_gettime into a kernel pointer: EFAULT");
    CHECK_ERR(syscall(SYS_clock_getres, CLOCK_MONOTONIC, BADPTR), EFAULT,
              "clock_getres into a bad pointer: EFAULT");

    /* Monotonic never goes back; it advances. */
    int back = 0;
    cgt(CLOCK_MONOTONIC, &a);
    long long first = ns(&a);
    for (int i = 0; i < 2000; i++) {
        cgt(CLOCK_MONOTONIC, &b);
        if (ns(&b) < ns(&a))
            back++;
        a = b;
    }
    CHECK(back == 0, "CLOCK_MONOTONIC never goes back over 2000 reads");
    CHECK(ns(&a) > first, "CLOCK_MONOTONIC advances");
    CHECK_EQ(syscall(SYS_clock_settime, CLOCK_MONOTONIC, &a), -1, "clock_settime MONOTONIC fails");
    CHECK(errno == EINVAL, "with EINVAL");

    /* Realtime vs gettimeofday vs time. */
    struct timeval tv;
    CHECK_EQ(syscall(SYS_gettimeofday, &tv, NULL), 0, "gettimeofday");
    cgt(CLOCK_REALTIME, &a);
    CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000, "tv_usec normalized");
    CHECK(a.tv_sec - tv.tv_sec >= 0 && a.tv_sec - tv.tv_sec <= 2,
          "gettimeofday agrees with CLOCK_REALTIME");
    CHECK(a.tv_sec > 1600000000, "realtime is after 2020 (RTC read at boot: %ld)", (long)a.tv_sec);
    struct timezone tz;
    CHECK_EQ(syscall(SYS_gettimeofday, NULL, &tz), 0, "gettimeofday with only a timezone");
    CHECK_ERR(syscall(SYS_gettimeofday, BADPTR, NULL), EFAULT,
              "gettimeofday into a bad pointer: EFAULT");
    /* Setting the realtime clock as root works and moves gettimeofday. */
    struct timespec set = {a.tv_sec + 3600, 0};
    CHECK_EQ(syscall(SYS_clock_settime, CLOCK_REALTIME, &set), 0, "clock_settime REALTIME +1h");
    cgt(CLOCK_REALTIME, &b);
    CHECK(b.tv_sec >= set.tv_sec && b.tv_sec <= set.tv_sec + 2, "the realtime clock moved");
    set.tv_sec = a.tv_sec;
    syscall(SYS_clock_settime, CLOCK_REALTIME, &set);
    struct timespec badset = {0, 2000000000};
    CHECK_ERR(syscall(SYS_clock_settime, CLOCK_REALTIME, &badset), EINVAL,
              "clock_settime with tv_nsec >= 1e9: EINVAL");

    /* nanosleep */
    struct timespec req = {0, 20000000}, rem = {9, 9};
    cgt(CLOCK_MONOTONIC, &a);
    CHECK_EQ(syscall(SYS_nanosleep, &req, &rem), 0, "nanosleep 20 ms");
    cgt(CLOCK_MONOTONIC, &b);
    CHECK(ns(&b) - ns(&a) >= 20000000, "slept at least 20 ms (%lld ns)", ns(&b) - ns(&a));
    CHECK(ns(&b) - ns(&a) < 2000000000, "and not absurdly long");
    req.tv_nsec = 0;
    CHECK_EQ(syscall(SYS_nanosleep, &req, NULL), 0, "nanosleep 0");
    req.tv_nsec = 1000000000;
    CHECK_ERR(syscall(SYS_nanosleep, &req, NULL), EINVAL, "nanosleep with tv_nsec = 1e9: EINVAL");
    req.tv_nsec = -1;
    CHECK_ERR(syscall(SYS_nanosleep, &req, NULL), EINVAL, "nanosleep with tv_nsec < 0: EINVAL");
    req.tv_sec = -1;
    req.tv_nsec = 0;
    CHECK_ERR(syscall(SYS_nanosleep, &req, NULL), EINVAL, "nanosleep with tv_sec < 0: EINVAL");
    CHECK_ERR(syscall(SYS_nanosleep, BADPTR, NULL), EFAULT,
              "nanosleep with a bad request pointer: EFAULT");
    CHECK_ERR(syscall(SYS_nanosleep, KPTR, NULL), EFAULT,
              "nanosleep with a kernel request pointer: EFAULT");

    /* clock_nanosleep: relative and absolute. */
    req.tv_sec = 0;
    req.tv_nsec = 10000000;
    cgt(CLOCK_MONOTONIC, &a);
    CHECK_EQ(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, NULL), 0,
             "clock_nanosleep relative 10 ms");
    cgt(CLOCK_MONOTONIC, &b);
    CHECK(ns(&b) - ns(&a) >= 10000000, "slept at least 10 ms");
    struct timespec until = b;
    until.tv_nsec += 15000000;
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    CHECK_EQ(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL), 0,
             "clock_nanosleep TIMER_ABSTIME");
    cgt(CLOCK_MONOTONIC, &a);
    CHECK(ns(&a) >= ns(&until), "woke at or after the absolute time");
    until.tv_sec = 0;
    until.tv_nsec = 1;
    CHECK_EQ(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL), 0,
             "an absolute time in the past returns at once");
    cgt(CLOCK_REALTIME, &until);
    until.tv_nsec = 0; /* the current second's start: already past */
    CHECK_EQ(syscall(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, &until, NULL), 0,
             "clock_nanosleep on CLOCK_REALTIME, absolute");
    /* clock_nanosleep returns the error number, not -1: via syscall() it is -1/errno. */
    CHECK_ERR(syscall(SYS_clock_nanosleep, 100, 0, &req, NULL), EINVAL,
              "clock_nanosleep on an unknown clock: EINVAL");
    /* posix-timers.c: the thread CPU clock has no nsleep -> EOPNOTSUPP. */
    CHECK_ERR(syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL), EOPNOTSUPP,
              "clock_nanosleep on the thread CPU clock: EOPNOTSUPP");
    req.tv_nsec = 1000000000;
    CHECK_ERR(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, NULL), EINVAL,
              "clock_nanosleep tv_nsec 1e9: EINVAL");
    CHECK_ERR(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, BADPTR, NULL), EFAULT,
              "clock_nanosleep with a bad pointer: EFAULT");

    /* CPU-time clocks advance with work. */
    cgt(CLOCK_PROCESS_CPUTIME_ID, &a);
    volatile unsigned long x = 0;
    for (unsigned long i = 0; i < 5000000; i++)
        x += i;
    cgt(CLOCK_PROCESS_CPUTIME_ID, &b);
    CHECK(ns(&b) > ns(&a), "process CPU time advances with work");
    /* ... but not while sleeping (much). */
    cgt(CLOCK_THREAD_CPUTIME_ID, &a);
    t_msleep(50);
    cgt(CLOCK_THREAD_CPUTIME_ID, &b);
    CHECK(ns(&b) - ns(&a) < 40000000, "thread CPU time does not count a 50 ms sleep (%lld ns)",
          ns(&b) - ns(&a));
    /* A child's CPU clock via clock_getcpuclockid encoding: (~pid << 3) | 2. */
    clockid_t own = (clockid_t)((~(unsigned)getpid() << 3) | 2);
    CHECK_EQ(cgt(own, &a), 0, "CPU clock id of my own pid");

    return t_done();
}
