/* Resource-limit defaults and setrlimit rules (kernel/lib/rlimit.c)
 * against Linux 6.1: the values `ulimit -a` shows for a process started
 * by the kernel itself, and do_prlimit()'s EINVAL/EPERM cases. */
#include <kernel/rlimit.h>
#include <uapi/errno.h>

#include "test.h"

TEST(rlimit_linux_defaults)
{
    struct rlimits r;
    rlimits_init_defaults(&r, 7800);
    CHECK(r.lim[RLIMIT_NOFILE].rlim_cur == 1024);
    CHECK(r.lim[RLIMIT_NOFILE].rlim_max == 4096);
    CHECK(r.lim[RLIMIT_STACK].rlim_cur == 8ULL << 20);
    CHECK(r.lim[RLIMIT_STACK].rlim_max == RLIM_INFINITY);
    CHECK(r.lim[RLIMIT_CORE].rlim_cur == 0);
    CHECK(r.lim[RLIMIT_CORE].rlim_max == RLIM_INFINITY);
    CHECK(r.lim[RLIMIT_MEMLOCK].rlim_cur == 8ULL << 20);
    CHECK(r.lim[RLIMIT_MSGQUEUE].rlim_max == 819200);
    CHECK(r.lim[RLIMIT_NICE].rlim_max == 0);
    CHECK(r.lim[RLIMIT_CPU].rlim_cur == RLIM_INFINITY);
    CHECK(r.lim[RLIMIT_AS].rlim_max == RLIM_INFINITY);
    CHECK_EQ(r.lim[RLIMIT_NPROC].rlim_cur, 3900);
    CHECK_EQ(r.lim[RLIMIT_SIGPENDING].rlim_max, 3900);
}

TEST(rlimit_max_threads_from_memory)
{
    /* 1 GiB / (8 * 16 KiB) = 8192 threads. */
    CHECK_EQ(rlimits_max_threads(1ULL << 30), 8192);
    CHECK_EQ(rlimits_max_threads(4096), 20);
    CHECK_EQ(rlimits_max_threads(1ULL << 62), 0x3fffffff);
}

TEST(rlimit_rules)
{
    struct rlimit old = {1024, 4096};
    struct rlimit lower = {100, 200}, cur_above_max = {300, 200};
    struct rlimit raise = {1024, 8192}, huge = {1024, RLIM_INFINITY};
    CHECK_EQ(rlimit_check(RLIMIT_NOFILE, &old, &lower, false), 0);
    CHECK_EQ(rlimit_check(RLIMIT_NOFILE, &old, &cur_above_max, true), -EINVAL);
    CHECK_EQ(rlimit_check(RLIMIT_NOFILE, &old, &raise, false), -EPERM);
    CHECK_EQ(rlimit_check(RLIMIT_NOFILE, &old, &raise, true), 0);
    /* NOFILE can never exceed nr_open, even for root. */
    CHECK_EQ(rlimit_check(RLIMIT_NOFILE, &old, &huge, true), -EPERM);
    struct rlimit nr_open = {1048576, 1048576};
    CHECK_EQ(rlimit_check(RLIMIT_NOFILE, &old, &nr_open, true), 0);
    /* Other resources accept infinity for root. */
    CHECK_EQ(rlimit_check(RLIMIT_STACK, &old, &huge, true), 0);
    /* Raising the soft limit up to the hard one needs no privilege. */
    struct rlimit soft_up = {4096, 4096};
    CHECK_EQ(rlimit_check(RLIMIT_NOFILE, &old, &soft_up, false), 0);
    /* cur > max is EINVAL even when max is being lowered. */
    struct rlimit bad = {5000, 10};
    CHECK_EQ(rlimit_check(RLIMIT_CORE, &old, &bad, false), -EINVAL);
}
