/* System information and resources: uname, sysinfo, getrandom,
 * prlimit64/getrlimit/setrlimit, times, getrusage, sched_yield,
 * sched_getaffinity, getcpu, umask, prctl(PR_SET_NAME).
 * Linux: kernel/sys.c, kernel/sched/core.c, drivers/char/random.c. */
#include "t.h"

#include <sched.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "rlimit") == 0) {
        struct rlimit rl;
        getrlimit(RLIMIT_NOFILE, &rl);
        return rl.rlim_cur == 7 && rl.rlim_max == 77 ? 7 : 1;
    }
    t_init("sysinfo");

    /* uname */
    struct utsname u;
    memset(&u, 0xff, sizeof(u));
    CHECK_EQ(syscall(SYS_uname, &u), 0, "uname");
    CHECK(strcmp(u.machine, "aarch64") == 0, "machine is aarch64 (got %.20s)", u.machine);
    CHECK(strcmp(u.sysname, "Linux") == 0, "sysname is Linux (got %.20s)", u.sysname);
    CHECK(u.release[0] >= '1' && u.release[0] <= '9' && strchr(u.release, '.'),
          "release looks like a version (%.30s)", u.release);
    CHECK(memchr(u.nodename, 0, sizeof(u.nodename)) && memchr(u.version, 0, sizeof(u.version)) &&
              memchr(u.domainname, 0, sizeof(u.domainname)),
          "every field is NUL-terminated");
    CHECK_ERR(syscall(SYS_uname, BADPTR), EFAULT, "uname with a bad pointer: EFAULT");
    CHECK_ERR(syscall(SYS_uname, KPTR), EFAULT, "uname with a kernel pointer: EFAULT");
    CHECK_EQ(syscall(SYS_sethostname, "rustos-test", 11), 0, "sethostname");
    syscall(SYS_uname, &u);
    CHECK(strcmp(u.nodename, "rustos-test") == 0, "uname shows the new hostname");
    CHECK_ERR(syscall(SYS_sethostname, "x", 65), EINVAL, "sethostname longer than 64: EINVAL");
    CHECK_ERR(syscall(SYS_sethostname, BADPTR, 4), EFAULT,
              "sethostname with a bad pointer: EFAULT");

    /* sysinfo */
    struct sysinfo si;
    memset(&si, 0, sizeof(si));
    CHECK_EQ(syscall(SYS_sysinfo, &si), 0, "sysinfo");
    CHECK(si.totalram > 0 && si.mem_unit >= 1, "sysinfo totalram > 0, mem_unit >= 1");
    CHECK(si.freeram > 0 && si.freeram <= si.totalram, "freeram in (0, totalram]");
    CHECK(si.procs >= 2, "procs counts at least init and me (got %u)", si.procs);
    CHECK(si.uptime >= 0, "uptime >= 0");
    CHECK((unsigned long long)si.totalram * si.mem_unit >= 64ULL << 20,
          "total RAM at least 64 MiB (QEMU -m 1G)");
    CHECK_ERR(syscall(SYS_sysinfo, BADPTR), EFAULT, "sysinfo with a bad pointer: EFAULT");

    /* getrandom */
    unsigned char a[64], b[64];
    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    CHECK_EQ(syscall(SYS_getrandom, a, sizeof(a), 0), 64, "getrandom 64 bytes");
    CHECK_EQ(syscall(SYS_getrandom, b, sizeof(b), GRND_NONBLOCK), 64, "getrandom GRND_NONBLOCK");
    CHECK(memcmp(a, b, sizeof(a)) != 0, "two draws differ");
    int zeros = 0;
    for (int i = 0; i < 64; i++)
        zeros += a[i] == 0;
    CHECK(zeros < 10, "the bytes are not mostly zero");
    CHECK_EQ(syscall(SYS_getrandom, a, 0, 0), 0, "getrandom of 0 bytes");
    CHECK_ERR(syscall(SYS_getrandom, a, 16, 0x80), EINVAL,
              "getrandom with an unknown flag: EINVAL");
    CHECK_ERR(syscall(SYS_getrandom, BADPTR, 16, 0), EFAULT,
              "getrandom into a bad pointer: EFAULT");
    CHECK_ERR(syscall(SYS_getrandom, KPTR, 16, 0), EFAULT,
              "getrandom into a kernel pointer: EFAULT");
    static unsigned char big[1 << 20];
    long got = syscall(SYS_getrandom, big, sizeof(big), 0);
    CHECK(got > 0 && got <= (long)sizeof(big), "a 1 MiB getrandom returns some bytes (%ld)", got);

    /* rlimits */
    struct rlimit rl;
    CHECK_EQ(syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl), 0, "getrlimit NOFILE");
    CHECK(rl.rlim_cur >= 64 && rl.rlim_cur <= rl.rlim_max, "NOFILE soft limit sane (%lu/%lu)",
          (unsigned long)rl.rlim_cur, (unsigned long)rl.rlim_max);
    CHECK_EQ(syscall(SYS_getrlimit, RLIMIT_STACK, &rl), 0, "getrlimit STACK");
    CHECK(rl.rlim_cur >= 1 << 20, "stack limit at least 1 MiB");
    CHECK_ERR(syscall(SYS_getrlimit, 100, &rl), EINVAL, "getrlimit of an unknown resource: EINVAL");
    CHECK_ERR(syscall(SYS_getrlimit, RLIMIT_NOFILE, BADPTR), EFAULT,
              "getrlimit bad pointer: EFAULT");
    struct rlimit nl = {100, 200}, old;
    CHECK_EQ(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &nl, &old), 0, "prlimit64 sets and gets");
    CHECK_EQ(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &rl), 0, "prlimit64 get only");
    CHECK(rl.rlim_cur == 100 && rl.rlim_max == 200, "the new limit is read back");
    struct rlimit inv = {300, 200};
    CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &inv, NULL), EINVAL, "soft > hard: EINVAL");
    CHECK_ERR(syscall(SYS_prlimit64, 999999, RLIMIT_NOFILE, NULL, &rl), ESRCH,
              "prlimit64 of a missing pid: ESRCH");
    CHECK_EQ(syscall(SYS_prlimit64, getpid(), RLIMIT_NOFILE, NULL, &rl), 0,
             "prlimit64 with my own pid");
    CHECK_EQ(syscall(SYS_setrlimit, RLIMIT_NOFILE, &old), 0,
             "setrlimit restores the old limit (root may raise)");
    pid_t c = fork();
    if (c == 0) {
        struct rlimit lo = {50, 50}, hi = {60, 60};
        setrlimit(RLIMIT_NOFILE, &lo);
        setresuid(1000, 1000, 1000);
        _exit(syscall(SYS_setrlimit, RLIMIT_NOFILE, &hi) == -1 && errno == EPERM ? 0 : 1);
    }
    int st = t_wait(c);
    CHECK(EXITED_WITH(st, 0), "an unprivileged process cannot raise its hard limit: EPERM");
    c = fork();
    if (c == 0) {
        struct rlimit lo = {7, 77};
        setrlimit(RLIMIT_NOFILE, &lo);
        char *a[] = {"/tests/sysinfo", "rlimit", NULL};
        execve(a[0], a, NULL);
        _exit(127);
    }
    st = t_wait(c);
    CHECK(EXITED_WITH(st, 7), "rlimits are inherited across fork and exec (status %#x)", st);

    /* times */
    struct tms tm;
    long t1 = syscall(SYS_times, &tm);
    CHECK(t1 != -1, "times returns a tick count");
    volatile unsigned long x = 0;
    for (unsigned long i = 0; i < 20000000; i++)
        x += i;
    long t2 = syscall(SYS_times, &tm);
    CHECK(t2 >= t1, "the tick count does not go back");
    CHECK(tm.tms_utime + tm.tms_stime > 0, "some CPU time was counted (%ld+%ld)",
          (long)tm.tms_utime, (long)tm.tms_stime);
    CHECK(syscall(SYS_times, NULL) != -1, "times(NULL) is allowed");
    CHECK_ERR(syscall(SYS_times, BADPTR), EFAULT, "times with a bad pointer: EFAULT");
    CHECK_EQ(sysconf(_SC_CLK_TCK), 100, "USER_HZ is 100 (AT_CLKTCK)");

    /* getrusage */
    struct rusage ru;
    CHECK_EQ(syscall(SYS_getrusage, RUSAGE_SELF, &ru), 0, "getrusage SELF");
    CHECK(ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec > 0,
          "user time > 0 after a busy loop");
    CHECK(ru.ru_maxrss > 0, "maxrss > 0");
    CHECK_EQ(syscall(SYS_getrusage, RUSAGE_CHILDREN, &ru), 0, "getrusage CHILDREN");
    CHECK_EQ(syscall(SYS_getrusage, RUSAGE_THREAD, &ru), 0, "getrusage THREAD");
    CHECK_ERR(syscall(SYS_getrusage, 5, &ru), EINVAL, "getrusage with a bad who: EINVAL");
    CHECK_ERR(syscall(SYS_getrusage, RUSAGE_SELF, BADPTR), EFAULT,
              "getrusage with a bad pointer: EFAULT");

    /* scheduler */
    CHECK_EQ(syscall(SYS_sched_yield), 0, "sched_yield");
    cpu_set_t set;
    CPU_ZERO(&set);
    long n = syscall(SYS_sched_getaffinity, 0, sizeof(set), &set);
    CHECK(n > 0 && n % 8 == 0, "sched_getaffinity returns the mask size (%ld)", n);
    CHECK(CPU_ISSET(0, &set), "CPU 0 is in the mask");
    CHECK_ERR(syscall(SYS_sched_getaffinity, 0, 1, &set), EINVAL,
              "mask smaller than the kernel's: EINVAL");
    CHECK_ERR(syscall(SYS_sched_getaffinity, 999999, sizeof(set), &set), ESRCH,
              "affinity of a missing pid: ESRCH");
    CHECK_ERR(syscall(SYS_sched_getaffinity, 0, sizeof(set), BADPTR), EFAULT,
              "affinity into a bad pointer: EFAULT");
    CHECK_EQ(syscall(SYS_sched_setaffinity, 0, sizeof(set), &set), 0,
             "sched_setaffinity to the same mask");
    unsigned cpu = 99, node = 99;
    CHECK_EQ(syscall(SYS_getcpu, &cpu, &node, NULL), 0, "getcpu");
    CHECK(cpu < 64 && node == 0, "cpu and node (%u %u)", cpu, node);
    CHECK_EQ(syscall(SYS_sched_getscheduler, 0), SCHED_OTHER, "scheduler is SCHED_OTHER");
    CHECK_EQ(syscall(SYS_getpriority, PRIO_PROCESS, 0), 20, "getpriority gives 20 - nice (nice 0)");

    /* umask */
    mode_t prev = (mode_t)syscall(SYS_umask, 027);
    CHECK_EQ(syscall(SYS_umask, prev), 027, "umask returns the previous mask");
    CHECK_EQ(syscall(SYS_umask, 01777) & 0777, prev, "umask keeps only 0777 bits");
    CHECK_EQ(syscall(SYS_umask, prev), 0777, "umask of 01777 stored as 0777");

    /* prctl names */
    char name[17] = {0};
    CHECK_EQ(prctl(PR_SET_NAME, "abcdefghijklmnopqrstuvwxyz"), 0, "PR_SET_NAME with a long name");
    CHECK_EQ(prctl(PR_GET_NAME, name), 0, "PR_GET_NAME");
    CHECK(strcmp(name, "abcdefghijklmno") == 0, "the name is cut to 15 bytes (%s)", name);
    CHECK_ERR(syscall(SYS_prctl, 0x7fffffff, 0, 0, 0, 0), EINVAL, "unknown prctl option: EINVAL");

    return t_done();
}
