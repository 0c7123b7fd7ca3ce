/* EL0 checks of the misc system calls (kernel/syscall/sys_misc_*.c): clocks,
 * sleeping, interval timers, getrandom, uname/sethostname, sysinfo,
 * resource limits, credentials, priorities and scheduling queries. Run by
 * ktest_misc_syscalls.c through exec; exits with the number of failed
 * checks and prints each failure. Every expectation is Linux 6.1's.
 * Freestanding (usys.h); numbers from include/uapi/asm-generic/unistd.h. */
#include "usys.h"

#define NR_exit                   93
#define NR_nanosleep              101
#define NR_getitimer              102
#define NR_setitimer              103
#define NR_clock_settime          112
#define NR_clock_gettime          113
#define NR_clock_getres           114
#define NR_clock_nanosleep        115
#define NR_sched_getscheduler     120
#define NR_sched_getparam         121
#define NR_sched_getaffinity      123
#define NR_sched_get_priority_max 125
#define NR_sched_get_priority_min 126
#define NR_rt_sigaction           134
#define NR_setpriority            140
#define NR_getpriority            141
#define NR_setregid               143
#define NR_setgid                 144
#define NR_setreuid               145
#define NR_setuid                 146
#define NR_setresuid              147
#define NR_getresuid              148
#define NR_setfsuid               151
#define NR_times                  153
#define NR_getgroups              158
#define NR_setgroups              159
#define NR_uname                  160
#define NR_sethostname            161
#define NR_getrlimit              163
#define NR_setrlimit              164
#define NR_getrusage              165
#define NR_getcpu                 168
#define NR_gettimeofday           169
#define NR_settimeofday           170
#define NR_getuid                 174
#define NR_geteuid                175
#define NR_getgid                 176
#define NR_sysinfo                179
#define NR_personality            92
#define NR_clone                  220
#define NR_wait4                  260
#define NR_prlimit64              261
#define NR_getrandom              278

#define EPERM      1
#define ESRCH      3
#define EINTR      4
#define EFAULT     14
#define EINVAL     22
#define EOPNOTSUPP 95

#define SIGALRM 14
#define SIGCHLD 17
#define BAD_PTR 0xffff000000001000UL

struct ts {
    long sec, nsec;
};
struct tv {
    long sec, usec;
};
struct itv {
    struct tv interval, value;
};
struct rlim {
    unsigned long cur, max;
};

static int failed, passed;

static void check(int ok, const char *what, long got)
{
    if (ok) {
        passed++;
        return;
    }
    failed++;
    uputs("misc_test: FAIL ");
    uputs(what);
    uputs(" (got ");
    uputnum(got);
    uputs(")\n");
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static long now_ns(int clock)
{
    struct ts t = {0, 0};
    usys(NR_clock_gettime, clock, &t);
    return t.sec * 1000000000L + t.nsec;
}

static long fork_(void)
{
    return usys(NR_clone, SIGCHLD, 0, 0, 0, 0);
}

static int wait_status(long pid)
{
    int status = -1;
    usys(NR_wait4, pid, &status, 0, 0);
    return status;
}

static void test_clocks(void)
{
    long a = now_ns(1), b = now_ns(1);
    check(a > 0 && b >= a, "CLOCK_MONOTONIC advances", b - a);
    check(now_ns(0) > 1600000000L * 1000000000L, "CLOCK_REALTIME from the RTC", now_ns(0));
    struct ts t = {-1, -1};
    check(usys(NR_clock_gettime, 99, &t) == -EINVAL, "clock_gettime(99): EINVAL", 0);
    check(usys(NR_clock_gettime, 1, BAD_PTR) == -EFAULT, "clock_gettime(bad ptr): EFAULT", 0);
    check(usys(NR_clock_gettime, 2, &t) == 0 && t.sec == 0, "process CPU clock", t.sec);
    usys(NR_clock_getres, 1, &t);
    check(t.sec == 0 && t.nsec == 1, "clock_getres(MONOTONIC) = 1 ns", t.nsec);
    usys(NR_clock_getres, 6, &t);
    check(t.nsec == 4000000, "clock_getres(MONOTONIC_COARSE) = 4 ms", t.nsec);
    check(usys(NR_clock_getres, 1, 0) == 0, "clock_getres(NULL)", 0);
    check(usys(NR_clock_getres, 12, &t) == -EINVAL, "clock_getres(12): EINVAL", 0);
    /* pthread_getcpuclockid(self): (~0 << 3) | 4 | 2 = -2. */
    check(usys(NR_clock_gettime, -2, &t) == 0, "thread CPU clock of self", 0);
    struct tv tv = {0, -1};
    int tz[2] = {7, 7};
    check(usys(NR_gettimeofday, &tv, tz) == 0 && tz[0] == 0, "gettimeofday", tz[0]);
    long rt = now_ns(0) / 1000000000L;
    check(tv.sec >= rt - 1 && tv.sec <= rt, "gettimeofday agrees with CLOCK_REALTIME", tv.sec);
    check(tv.usec >= 0 && tv.usec < 1000000, "tv_usec in range", tv.usec);
    struct ts bad = {1, 1000000000};
    check(usys(NR_clock_settime, 1, &bad) == -EINVAL, "clock_settime(MONOTONIC): EINVAL", 0);
    check(usys(NR_clock_settime, 0, &bad) == -EINVAL, "clock_settime bad nsec: EINVAL", 0);
    check(usys(NR_clock_settime, 2, &bad) == -EINVAL, "clock_settime(PROCESS_CPUTIME): EINVAL", 0);
    check(usys(NR_clock_settime, -2, &bad) == -EPERM, "clock_settime(thread CPU clock): EPERM", 0);
    /* Root sets the time, and it moves on from there. */
    long before = now_ns(0);
    struct ts set = {1000000000, 0};
    check(usys(NR_clock_settime, 0, &set) == 0, "clock_settime(REALTIME) as root", 0);
    long after = now_ns(0);
    check(after >= 1000000000L * 1000000000L && after < 1000000001L * 1000000000L,
          "CLOCK_REALTIME was set", after);
    struct ts back = {before / 1000000000L, before % 1000000000L};
    usys(NR_clock_settime, 0, &back);
    struct tv badtv = {0, 1000001};
    check(usys(NR_settimeofday, &badtv, 0) == -EINVAL, "settimeofday usec > 1e6: EINVAL", 0);
}

static void test_sleep(void)
{
    struct ts req = {0, 20000000}, rem = {9, 9};
    long t0 = now_ns(1);
    check(usys(NR_nanosleep, &req, &rem) == 0, "nanosleep 20 ms", 0);
    long d = now_ns(1) - t0;
    check(d >= 20000000 && d < 80000000, "slept about 20 ms", d);
    check(rem.sec == 9, "rem untouched when not interrupted", rem.sec);
    struct ts bad = {0, 1000000000};
    check(usys(NR_nanosleep, &bad, 0) == -EINVAL, "nanosleep tv_nsec = 1e9: EINVAL", 0);
    struct ts neg = {-1, 0};
    check(usys(NR_nanosleep, &neg, 0) == -EINVAL, "nanosleep negative: EINVAL", 0);
    check(usys(NR_nanosleep, BAD_PTR, 0) == -EFAULT, "nanosleep bad ptr: EFAULT", 0);
    long target = now_ns(1) + 10000000;
    struct ts abs = {target / 1000000000L, target % 1000000000L};
    check(usys(NR_clock_nanosleep, 1, 1, &abs, 0) == 0, "clock_nanosleep TIMER_ABSTIME", 0);
    check(now_ns(1) >= target, "woke after the absolute deadline", now_ns(1) - target);
    struct ts past = {0, 5};
    check(usys(NR_clock_nanosleep, 0, 1, &past, 0) == 0, "absolute realtime in the past", 0);
    check(usys(NR_clock_nanosleep, 4, 0, &req, 0) == -EOPNOTSUPP,
          "clock_nanosleep(MONOTONIC_RAW): EOPNOTSUPP", 0);
    check(usys(NR_clock_nanosleep, 3, 0, &req, 0) == -EOPNOTSUPP,
          "clock_nanosleep(THREAD_CPUTIME): EOPNOTSUPP", 0);
    check(usys(NR_clock_nanosleep, 77, 0, &req, 0) == -EINVAL, "clock_nanosleep(77): EINVAL", 0);
}

static void test_itimer(void)
{
    /* Ignore SIGALRM so the test survives once signals are delivered. */
    unsigned long act[4] = {1 /* SIG_IGN */, 0, 0, 0};
    usys(NR_rt_sigaction, SIGALRM, act, 0, 8);
    struct itv v = {{0, 0}, {0, 30000}}, old = {{1, 1}, {1, 1}};
    v.value.usec = 30000; /* 30 ms */
    check(usys(NR_setitimer, 0, &v, &old) == 0, "setitimer(REAL, 30 ms)", 0);
    check(old.value.sec == 0 && old.value.usec == 0, "no previous timer", old.value.usec);
    struct itv g = {{-1, -1}, {-1, -1}};
    usys(NR_getitimer, 0, &g);
    check(g.value.sec == 0 && g.value.usec > 0 && g.value.usec <= 30000, "getitimer counts down",
          g.value.usec);
    struct ts req = {0, 40000000};
    usys(NR_nanosleep, &req, 0);
    usys(NR_getitimer, 0, &g);
    check(g.value.sec == 0 && g.value.usec == 0, "one-shot timer expired", g.value.usec);
    struct itv p = {{0, 10000}, {0, 10000}};
    check(usys(NR_setitimer, 0, &p, 0) == 0, "setitimer periodic 10 ms", 0);
    usys(NR_getitimer, 0, &g);
    check(g.interval.usec == 10000 && g.value.usec > 0 && g.value.usec <= 10000,
          "periodic timer armed", g.value.usec);
    usys(NR_nanosleep, &req, 0);
    /* Linux re-arms a periodic ITIMER_REAL when SIGALRM is dequeued; an
     * ignored SIGALRM is dropped, so the timer stays expired. */
    usys(NR_getitimer, 0, &g);
    check(g.interval.usec == 10000 && g.value.usec == 0, "ignored SIGALRM: not re-armed",
          g.value.usec);
    struct itv zero = {{0, 0}, {0, 0}};
    check(usys(NR_setitimer, 0, &zero, &old) == 0 && old.interval.usec == 10000,
          "disarm returns the old interval", old.interval.usec);
    struct itv bad = {{0, 0}, {0, 1000000}};
    check(usys(NR_setitimer, 0, &bad, 0) == -EINVAL, "setitimer usec = 1e6: EINVAL", 0);
    check(usys(NR_setitimer, 5, &zero, 0) == -EINVAL, "setitimer(5): EINVAL", 0);
    check(usys(NR_getitimer, 0, BAD_PTR) == -EFAULT, "getitimer bad ptr: EFAULT", 0);
}

static void test_getrandom(void)
{
    unsigned char a[16] = {0}, b[16] = {0};
    check(usys(NR_getrandom, a, 16, 0) == 16, "getrandom 16 bytes", 0);
    check(usys(NR_getrandom, b, 16, 1) == 16, "getrandom GRND_NONBLOCK", 0);
    int same = 1;
    for (int i = 0; i < 16; i++)
        same &= a[i] == b[i];
    check(!same, "two calls give different bytes", 0);
    check(usys(NR_getrandom, a, 16, 2) == 16, "getrandom GRND_RANDOM", 0);
    check(usys(NR_getrandom, a, 16, 4) == 16, "getrandom GRND_INSECURE", 0);
    check(usys(NR_getrandom, a, 16, 8) == -EINVAL, "unknown flag: EINVAL", 0);
    check(usys(NR_getrandom, a, 16, 6) == -EINVAL, "INSECURE|RANDOM: EINVAL", 0);
    check(usys(NR_getrandom, BAD_PTR, 16, 0) == -EFAULT, "bad buffer: EFAULT", 0);
    check(usys(NR_getrandom, a, 0, 0) == 0, "zero bytes", 0);
    static unsigned char big[10000];
    check(usys(NR_getrandom, big, sizeof(big), 0) == (long)sizeof(big), "10000 bytes", 0);
}

/* Also run on Linux (tools/linux-ref.sh) to check the expectations; the
 * names differ there by design. */
static int on_linux;

static void test_uname(void)
{
    static char u[6][65];
    check(usys(NR_uname, u) == 0, "uname", 0);
    on_linux = streq(u[0], "Linux");
    check(on_linux || streq(u[0], "RustOS"), "sysname", 0);
    check(u[2][0] == '6' && u[2][1] == '.' && u[2][2] == '1', "release 6.1.x", u[2][0]);
    check(streq(u[4], "aarch64"), "machine", 0);
    check(streq(u[1], on_linux ? "(none)" : "rustos"), "default nodename", 0);
    check(streq(u[5], "(none)"), "default domainname", 0);
    check(usys(NR_sethostname, "box", 3) == 0, "sethostname", 0);
    usys(NR_uname, u);
    check(streq(u[1], "box"), "nodename after sethostname", 0);
    check(usys(NR_sethostname, "x", 65) == -EINVAL, "sethostname 65 bytes: EINVAL", 0);
    check(usys(NR_sethostname, BAD_PTR, 3) == -EFAULT, "sethostname bad ptr: EFAULT", 0);
    usys(NR_sethostname, on_linux ? "(none)" : "rustos", 6);
    check(usys(NR_uname, BAD_PTR) == -EFAULT, "uname bad ptr: EFAULT", 0);
}

static void test_sysinfo(void)
{
    unsigned long si[14] = {0};
    check(usys(NR_sysinfo, si) == 0, "sysinfo", 0);
    check((long)si[0] > 0, "uptime", (long)si[0]);
    check(si[4] > (64UL << 20) && si[5] > 0 && si[5] <= si[4], "totalram >= freeram > 0",
          (long)si[5]);
    unsigned short procs = (unsigned short)si[10];
    check(procs > 0, "procs", procs);
    check((unsigned)si[13] == 1, "mem_unit 1", (long)(unsigned)si[13]);
}

static void test_rlimits(void)
{
    struct rlim r = {0, 0};
    check(usys(NR_getrlimit, 7, &r) == 0 && r.cur == 1024 && r.max == 4096, "NOFILE 1024/4096",
          (long)r.cur);
    usys(NR_getrlimit, 3, &r);
    check(r.cur == 8UL << 20 && r.max == ~0UL, "STACK 8 MiB/unlimited", (long)r.cur);
    check(usys(NR_getrlimit, 16, &r) == -EINVAL, "getrlimit(16): EINVAL", 0);
    struct rlim set = {100, 200};
    check(usys(NR_setrlimit, 7, &set) == 0, "setrlimit NOFILE", 0);
    struct rlim old = {0, 0};
    check(usys(NR_prlimit64, 0, 7, 0, &old) == 0 && old.cur == 100 && old.max == 200,
          "prlimit64 reads it back", (long)old.cur);
    struct rlim inv = {300, 200};
    check(usys(NR_setrlimit, 7, &inv) == -EINVAL, "cur > max: EINVAL", 0);
    struct rlim toobig = {1, 2000000};
    check(usys(NR_setrlimit, 7, &toobig) == -EPERM, "NOFILE above nr_open: EPERM", 0);
    check(usys(NR_setrlimit, 7, BAD_PTR) == -EFAULT, "setrlimit bad ptr: EFAULT", 0);
    check(usys(NR_prlimit64, 99999, 7, 0, &old) == -ESRCH, "prlimit64 unknown pid: ESRCH", 0);
    long pid = fork_();
    if (pid == 0) {
        struct rlim c = {0, 0};
        usys(NR_getrlimit, 7, &c);
        usys(NR_exit, c.cur == 100 && c.max == 200 ? 0 : 1);
    }
    check(wait_status(pid) == 0, "fork copies the limits", 0);
    struct rlim restore = {1024, 4096};
    check(usys(NR_setrlimit, 7, &restore) == 0, "root raises the hard limit", 0);
}

static void test_credentials(void)
{
    check(usys(NR_getuid, 0) == 0 && usys(NR_geteuid, 0) == 0 && usys(NR_getgid, 0) == 0, "root",
          0);
    unsigned ids[3] = {7, 7, 7};
    check(usys(NR_getresuid, &ids[0], &ids[1], &ids[2]) == 0 && ids[2] == 0, "getresuid", ids[2]);
    check(usys(NR_setuid, -1) == -EINVAL, "setuid(-1): EINVAL", 0);
    long pid = fork_();
    if (pid == 0) {
        int bad = 0;
        unsigned g[2] = {50, 30}, out[4] = {0};
        bad |= usys(NR_setgroups, 2, g) != 0;
        bad |= (usys(NR_getgroups, 4, out) != 2 || out[0] != 30 || out[1] != 50) << 1;
        bad |= (usys(NR_getgroups, 1, out) != -EINVAL) << 2;
        bad |= (usys(NR_setgid, 100) != 0 || usys(NR_getgid, 0) != 100) << 3;
        bad |= (usys(NR_setresuid, 1000, 1000, 0) != 0 || usys(NR_geteuid, 0) != 1000) << 4;
        /* The saved uid is still 0: the effective uid may go back... */
        bad |= (usys(NR_setreuid, -1, 0) != 0 || usys(NR_geteuid, 0) != 0) << 5;
        bad |= (usys(NR_setuid, 1000) != 0 || usys(NR_getuid, 0) != 1000) << 6;
        /* ...but not after setuid as root set all three. */
        bad |= (usys(NR_setuid, 0) != -EPERM) << 7;
        bad |= (usys(NR_sethostname, "x", 1) != -EPERM) << 8;
        bad |= (usys(NR_setfsuid, 5) != 1000 || usys(NR_setfsuid, -1) != 1000) << 9;
        bad |= (usys(NR_setgroups, 0, 0) != -EPERM) << 10;
        bad |= (usys(NR_setregid, 100, 100) != 0) << 11;
        usys(NR_exit, bad ? 1 : 0);
    }
    check(wait_status(pid) == 0, "credential changes in a child", 0);
    check(usys(NR_getuid, 0) == 0, "the parent is still root", 0);
}

static void test_sched(void)
{
    check(usys(NR_getpriority, 0, 0) == 20, "getpriority: 20 - nice", 0);
    check(usys(NR_setpriority, 0, 0, 5) == 0 && usys(NR_getpriority, 0, 0) == 15, "nice 5", 0);
    check(usys(NR_setpriority, 0, 0, 100) == 0 && usys(NR_getpriority, 0, 0) == 1,
          "nice clamps to 19", 0);
    check(usys(NR_setpriority, 0, 0, 0) == 0, "root lowers nice", 0);
    check(usys(NR_getpriority, 3, 0) == -EINVAL, "getpriority(3): EINVAL", 0);
    unsigned char mask[128] = {0};
    long n = usys(NR_sched_getaffinity, 0, sizeof(mask), mask);
    check(n == 8 && (mask[0] & 1), "sched_getaffinity: 8 bytes, CPU 0", n);
    check(usys(NR_sched_getaffinity, 0, 4, mask) == -EINVAL, "affinity len 4: EINVAL", 0);
    check(usys(NR_sched_getscheduler, 0) == 0, "SCHED_OTHER", 0);
    int prio = 7;
    check(usys(NR_sched_getparam, 0, &prio) == 0 && prio == 0, "sched_getparam", prio);
    check(usys(NR_sched_get_priority_max, 1) == 99, "FIFO max 99", 0);
    check(usys(NR_sched_get_priority_min, 2) == 1, "RR min 1", 0);
    check(usys(NR_sched_get_priority_max, 0) == 0, "OTHER max 0", 0);
    check(usys(NR_sched_get_priority_max, 4) == -EINVAL, "policy 4: EINVAL", 0);
    unsigned cpu = 9, node = 9;
    check(usys(NR_getcpu, &cpu, &node, 0) == 0 && cpu == 0 && node == 0, "getcpu", cpu);
    check(usys(NR_personality, 0xffffffffL) == 0, "personality query", 0);
}

static void test_usage(void)
{
    for (volatile long i = 0; i < 3000000; i++)
        ;
    long tms[4] = {-1, -1, -1, -1};
    long t = usys(NR_times, tms);
    check(t > 0, "times() returns clock ticks", t);
    check(tms[0] >= 0 && tms[1] >= 0 && tms[2] >= 0, "tms times", tms[2]);
    long ru[18] = {0};
    check(usys(NR_getrusage, 0, ru) == 0 && (ru[0] > 0 || ru[1] > 0), "getrusage(SELF)", ru[1]);
    check(usys(NR_getrusage, -1, ru) == 0, "getrusage(CHILDREN)", 0);
    check(usys(NR_getrusage, 5, ru) == -EINVAL, "getrusage(5): EINVAL", 0);
    check(usys(NR_getrusage, 0, BAD_PTR) == -EFAULT, "getrusage bad ptr: EFAULT", 0);
}

void _start(void)
{
    test_uname();
    test_clocks();
    test_sleep();
    test_itimer();
    test_getrandom();
    test_sysinfo();
    test_rlimits();
    test_credentials();
    test_sched();
    test_usage();
    uputs("misc_test: ");
    uputnum(passed);
    uputs(" passed, ");
    uputnum(failed);
    uputs(" failed\n");
    usys(NR_exit, failed);
    for (;;)
        ;
}
