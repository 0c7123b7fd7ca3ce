/* Time ABI of Linux arm64: clock ids and timer flags
 * (include/uapi/linux/time.h), struct timespec (__kernel_timespec),
 * struct timeval (__kernel_old_timeval), struct timezone, struct
 * itimerval (include/uapi/linux/time_types.h, linux/time.h) and struct
 * tms (include/uapi/linux/times.h). Every long is 64 bits on arm64. */
#ifndef UAPI_TIME_H
#define UAPI_TIME_H

#include <stddef.h>
#include <stdint.h>

#define CLOCK_REALTIME           0
#define CLOCK_MONOTONIC          1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID  3
#define CLOCK_MONOTONIC_RAW      4
#define CLOCK_REALTIME_COARSE    5
#define CLOCK_MONOTONIC_COARSE   6
#define CLOCK_BOOTTIME           7
#define CLOCK_REALTIME_ALARM     8
#define CLOCK_BOOTTIME_ALARM     9
#define CLOCK_TAI                11

/* clock_nanosleep / timer_settime flags. */
#define TIMER_ABSTIME 0x01

/* setitimer / getitimer. */
#define ITIMER_REAL    0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF    2

#define NSEC_PER_SEC  1000000000LL
#define NSEC_PER_USEC 1000LL
#define USEC_PER_SEC  1000000LL
/* times() counts in USER_HZ ticks (include/asm-generic/param.h). */
#define USER_HZ 100

struct timespec {
    int64_t tv_sec;
    int64_t tv_nsec;
};
_Static_assert(sizeof(struct timespec) == 16, "struct __kernel_timespec is 16 bytes");
_Static_assert(offsetof(struct timespec, tv_nsec) == 8, "tv_nsec at 8");

struct timeval {
    int64_t tv_sec;
    int64_t tv_usec;
};
_Static_assert(sizeof(struct timeval) == 16, "struct __kernel_old_timeval is 16 bytes");

struct timezone {
    int32_t tz_minuteswest;
    int32_t tz_dsttime;
};
_Static_assert(sizeof(struct timezone) == 8, "struct timezone is 8 bytes");

struct itimerval {
    struct timeval it_interval;
    struct timeval it_value;
};
_Static_assert(sizeof(struct itimerval) == 32, "struct itimerval is 32 bytes");
_Static_assert(offsetof(struct itimerval, it_value) == 16, "it_value at 16");

struct tms {
    int64_t tms_utime;
    int64_t tms_stime;
    int64_t tms_cutime;
    int64_t tms_cstime;
};
_Static_assert(sizeof(struct tms) == 32, "struct tms is 32 bytes");

#endif
