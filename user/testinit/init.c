/* testinit: PID 1 of the syscall-test initramfs (make test-syscalls).
 *
 * 1. Mounts proc on /proc, devtmpfs on /dev and tmpfs on /tmp; a failure is
 *    reported and the run goes on (the tests that need it will fail).
 * 2. Runs every program in /tests, in name order, each in its own child
 *    (clone(SIGCHLD) + execve + wait4) with its stdout and stderr on a pipe.
 *    Every line the test prints is echoed as "NAME: line", and its check
 *    lines ("ok ", "not ok ", "skip ") are counted. A test that runs past
 *    its timeout is killed with its process group.
 * 3. Prints "syscall-test NAME: P passed, F failed, S skipped" per program,
 *    then "syscalls: P passed, F failed, S skipped", and powers off with
 *    reboot(LINUX_REBOOT_CMD_POWER_OFF).
 *
 * A program that dies from a signal, exits non-zero without a failed check,
 * times out or never prints its "done" line counts one more failure.
 *
 * Options come from the kernel command line: Linux hands unknown key=value
 * words to init as environment variables and other words as arguments
 * (init/main.c, unknown_bootoption); RustOS does the same.
 *   tests=fork,pipe   run only these programs (tests=none: none of them)
 *   timeout=SEC       per-program timeout (default 60)
 *   sysfuzz=N         afterwards run /bin/sysfuzz N (the syscall fuzzer)
 *   fuzztimeout=SEC   its timeout (default 900)
 *
 * init deliberately uses few and simple system calls, so an early kernel can
 * run it: mount, mkdirat, openat, getdents64, pipe2, clone, execve, dup3,
 * wait4, ppoll, kill, write, reboot. When one of them fails it says which.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/reboot.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_TESTS 256
#define NAME_MAX_ 64

static char names[MAX_TESTS][NAME_MAX_];
static int ntests;
static long total_pass, total_fail, total_skip;
static char *const test_env[] = {"PATH=/tests:/bin", "HOME=/", "TERM=linux", NULL};

static void out(const char *s, size_t n)
{
    while (n > 0) {
        long w = syscall(SYS_write, 1, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

__attribute__((format(printf, 1, 2))) static void say(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > 0)
        out(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static void do_mount(const char *src, const char *dir, const char *type)
{
    syscall(SYS_mkdirat, AT_FDCWD, dir, 0755); /* EEXIST is fine */
    if (syscall(SYS_mount, src, dir, type, 0L, NULL) < 0)
        say("testinit: mount %s on %s failed: errno %d (%s)\n", type, dir, errno, strerror(errno));
}

/* The console: Linux opens /dev/console as fds 0-2 for init; if that did
 * not happen (no /dev/console in the initramfs), try the devtmpfs one. */
static void ensure_console(void)
{
    if (syscall(SYS_fcntl, 1, F_GETFD) >= 0)
        return;
    long fd = syscall(SYS_openat, AT_FDCWD, "/dev/console", O_RDWR | O_NOCTTY);
    if (fd < 0)
        return;
    for (int i = 0; i < 3; i++)
        if (fd != i)
            syscall(SYS_dup3, fd, i, 0);
    if (fd > 2)
        syscall(SYS_close, fd);
}

/* Is name in the comma-separated list? */
static int in_list(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncmp(p, name, n) == 0)
            return 1;
        p += len + (e ? 1 : 0);
    }
    return 0;
}

struct linux_dirent64 {
    unsigned long long d_ino;
    long long d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/* Fill names[] with the programs in /tests (filtered), sorted. */
static void list_tests(const char *filter)
{
    long fd = syscall(SYS_openat, AT_FDCWD, "/tests", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        say("testinit: open /tests failed: errno %d (%s)\n", errno, strerror(errno));
        return;
    }
    static char buf[8192];
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
        if (n < 0)
            say("testinit: getdents64 /tests failed: errno %d (%s)\n", errno, strerror(errno));
        if (n <= 0)
            break;
        for (long off = 0; off < n;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
            off += d->d_reclen;
            if (d->d_reclen == 0)
                break;
            if (d->d_name[0] == '.' || strlen(d->d_name) >= NAME_MAX_ || ntests >= MAX_TESTS)
                continue;
            if (filter && !in_list(filter, d->d_name))
                continue;
            strcpy(names[ntests++], d->d_name);
        }
    }
    syscall(SYS_close, fd);
    for (int i = 1; i < ntests; i++) /* insertion sort: at most a few dozen */
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char t[NAME_MAX_];
            memcpy(t, names[j], NAME_MAX_);
            memcpy(names[j], names[j - 1], NAME_MAX_);
            memcpy(names[j - 1], t, NAME_MAX_);
        }
}

static long now_ms(void)
{
    struct timespec ts;
    if (syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts) < 0)
        return -1;
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

struct result {
    long pass, fail, skip;
    int done; /* saw the "done NAME:" line */
};

static void count_line(const char *name, const char *line, size_t len, struct result *r)
{
    say("%s: %.*s\n", name, (int)len, line);
    if (len >= 3 && strncmp(line, "ok ", 3) == 0)
        r->pass++;
    else if (len >= 7 && strncmp(line, "not ok ", 7) == 0)
        r->fail++;
    else if (len >= 5 && strncmp(line, "skip ", 5) == 0)
        r->skip++;
    else if (len >= 5 && strncmp(line, "done ", 5) == 0)
        r->done = 1;
}

/* Wait up to ms for the pipe to be readable: 1 readable/EOF, 0 timeout.
 * Without ppoll, block in read(2) (no timeout then). */
static int wait_readable(int fd, long ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    long r = syscall(SYS_ppoll, &p, 1, &ts, NULL, 0);
    if (r < 0 && errno == ENOSYS)
        return 1;
    return r != 0; /* errors: let read() report them */
}

/* Run one program, echoing and counting its output. */
static void run_one(const char *name, const char *path, char *const argv[], long timeout_s)
{
    struct result r = {0, 0, 0, 0};
    int p[2];
    int piped = syscall(SYS_pipe2, p, O_CLOEXEC) == 0;
    if (!piped)
        say("testinit: pipe2 failed: errno %d (%s); output not counted\n", errno, strerror(errno));

    long pid = syscall(SYS_clone, SIGCHLD, 0L, NULL, NULL, 0L);
    if (pid == 0) {
        syscall(SYS_setpgid, 0, 0);
        if (piped) {
            syscall(SYS_dup3, p[1], 1, 0);
            syscall(SYS_dup3, p[1], 2, 0);
        }
        syscall(SYS_execve, path, argv, test_env);
        say("testinit: execve %s failed: errno %d (%s)\n", path, errno, strerror(errno));
        syscall(SYS_exit_group, 127);
    }
    if (pid < 0) {
        say("testinit: fork (clone SIGCHLD) for %s failed: errno %d (%s)\n", name, errno,
            strerror(errno));
        if (piped) {
            syscall(SYS_close, p[0]);
            syscall(SYS_close, p[1]);
        }
        total_fail++;
        say("syscall-test %s: 0 passed, 1 failed, 0 skipped\n", name);
        return;
    }

    int timed_out = 0, status = 0, reaped = 0;
    if (piped) {
        syscall(SYS_close, p[1]);
        long start = now_ms(), exited_at = -1;
        char line[1024];
        size_t len = 0;
        for (;;) {
            long t = now_ms();
            if (t >= 0 && start >= 0 && t - start > timeout_s * 1000) {
                timed_out = 1;
                break;
            }
            /* A test that exited but left a child holding the pipe gets one
             * second to finish its output. */
            if (exited_at >= 0 && t - exited_at > 1000)
                break;
            if (!reaped && syscall(SYS_wait4, pid, &status, WNOHANG | __WALL, NULL) == pid) {
                reaped = 1;
                exited_at = t;
            }
            if (!wait_readable(p[0], 200))
                continue;
            char buf[512];
            long n = syscall(SYS_read, p[0], buf, sizeof(buf));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            for (long i = 0; i < n; i++) {
                if (buf[i] == '\n' || len == sizeof(line)) {
                    count_line(name, line, len, &r);
                    len = 0;
                    if (buf[i] == '\n')
                        continue;
                }
                line[len++] = buf[i];
            }
        }
        if (len)
            count_line(name, line, len, &r);
        syscall(SYS_close, p[0]);
    }
    if (timed_out) {
        say("syscall-test %s: TIMEOUT after %ld s, killed\n", name, timeout_s);
        syscall(SYS_kill, -pid, SIGKILL);
        syscall(SYS_kill, pid, SIGKILL);
    }
    while (!reaped) {
        long w = syscall(SYS_wait4, pid, &status, __WALL, NULL);
        if (w == pid)
            reaped = 1;
        else if (!(w < 0 && errno == EINTR)) {
            say("testinit: wait4 %ld failed: errno %d (%s)\n", pid, errno, strerror(errno));
            break;
        }
    }
    /* Kill and reap anything the test left behind in its group, and any
     * orphan that was reparented to us. */
    syscall(SYS_kill, -pid, SIGKILL);
    while (syscall(SYS_wait4, -1, NULL, WNOHANG | __WALL, NULL) > 0)
        ;

    int bad = timed_out;
    if (reaped && WIFSIGNALED(status)) {
        say("syscall-test %s: killed by signal %d\n", name, WTERMSIG(status));
        bad = 1;
    } else if (reaped && WIFEXITED(status) && WEXITSTATUS(status) != 0 && r.fail == 0) {
        say("syscall-test %s: exit status %d without a failed check\n", name, WEXITSTATUS(status));
        bad = 1;
    } else if (piped && !r.done && !timed_out) {
        say("syscall-test %s: no \"done\" line\n", name);
        bad = 1;
    } else if (!piped && reaped && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        r.pass++; /* no pipe: the exit status is all we know */
    }
    if (bad)
        r.fail++;
    say("syscall-test %s: %ld passed, %ld failed, %ld skipped\n", name, r.pass, r.fail, r.skip);
    total_pass += r.pass;
    total_fail += r.fail;
    total_skip += r.skip;
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ensure_console();
    do_mount("proc", "/proc", "proc");
    do_mount("devtmpfs", "/dev", "devtmpfs");
    do_mount("tmpfs", "/tmp", "tmpfs");
    ensure_console();
    syscall(SYS_chdir, "/");

    const char *filter = getenv("tests");
    const char *t = getenv("timeout");
    long timeout_s = t ? atol(t) : 60;
    const char *fuzz = getenv("sysfuzz");
    const char *ft = getenv("fuzztimeout");
    long fuzz_timeout_s = ft ? atol(ft) : 900;
    if (timeout_s <= 0)
        timeout_s = 60;
    if (fuzz_timeout_s <= 0)
        fuzz_timeout_s = 900;

    say("testinit: running syscall tests%s%s\n", filter ? ", tests=" : "", filter ? filter : "");
    list_tests(filter && strcmp(filter, "all") != 0 ? filter : NULL);
    for (int i = 0; i < ntests; i++) {
        char path[128];
        snprintf(path, sizeof(path), "/tests/%.63s", names[i]);
        char *args[] = {path, NULL};
        run_one(names[i], path, args, timeout_s);
    }
    if (fuzz) {
        char count[32];
        snprintf(count, sizeof(count), "%s", fuzz);
        char *args[] = {"/bin/sysfuzz", count, NULL};
        run_one("sysfuzz", "/bin/sysfuzz", args, fuzz_timeout_s);
    }
    say("syscalls: %ld passed, %ld failed, %ld skipped\n", total_pass, total_fail, total_skip);

    syscall(SYS_sync);
    syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF, NULL);
    say("testinit: reboot(POWER_OFF) failed: errno %d (%s)\n", errno, strerror(errno));
    for (;;)
        syscall(SYS_ppoll, NULL, 0, NULL, NULL, 0);
}
