/* t.h - the tiny helper every syscall test program includes.
 *
 * Each check prints one line, TAP-like, with write(2) so nothing sits in a
 * stdio buffer across fork():
 *   ok 3 - open O_EXCL on an existing file fails with EEXIST
 *   not ok 4 - read /dev/zero fills the buffer (got -1 errno EFAULT, line 88)
 *   skip 5 - TCGETS on the console (stdin is not a tty)
 * and the program ends with t_done(), which prints
 *   done NAME: P passed, F failed, S skipped
 * and exits 1 if anything failed. user/testinit counts these lines.
 *
 * Calls are made through syscall(2) wherever a glibc wrapper could hide the
 * kernel's behaviour (pointer checks in user space, emulation, retries).
 * syscall() returns -1 and sets errno like any wrapper.
 */
#ifndef SYSCALL_TEST_T_H
#define SYSCALL_TEST_T_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Not every program uses every helper. */
#pragma GCC diagnostic ignored "-Wunused-function"

/* Pointers no user access may follow: an unmapped low page, and the start
 * of the kernel half of the address space (TTBR1 on arm64). */
#define BADPTR ((void *)1)
#define KPTR   ((void *)0xffff000000000000UL)

/* Working directory for file tests: init mounts a tmpfs on /tmp. */
#define TDIR "/tmp"

static const char *t_name = "test";
static int t_num, t_pass, t_fail, t_skip;

static void t_write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

__attribute__((format(printf, 1, 2))) static void t_printf(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof(buf))
        n = sizeof(buf) - 1;
    t_write_all(1, buf, (size_t)n);
}

/* Short symbolic errno names, so a failing line reads like the man page. */
static const char *t_errname(int e)
{
    static const struct {
        int e;
        const char *n;
    } names[] = {
        {EPERM, "EPERM"},
        {ENOENT, "ENOENT"},
        {ESRCH, "ESRCH"},
        {EINTR, "EINTR"},
        {EIO, "EIO"},
        {ENXIO, "ENXIO"},
        {E2BIG, "E2BIG"},
        {ENOEXEC, "ENOEXEC"},
        {EBADF, "EBADF"},
        {ECHILD, "ECHILD"},
        {EAGAIN, "EAGAIN"},
        {ENOMEM, "ENOMEM"},
        {EACCES, "EACCES"},
        {EFAULT, "EFAULT"},
        {EBUSY, "EBUSY"},
        {EEXIST, "EEXIST"},
        {EXDEV, "EXDEV"},
        {ENODEV, "ENODEV"},
        {ENOTDIR, "ENOTDIR"},
        {EISDIR, "EISDIR"},
        {EINVAL, "EINVAL"},
        {ENFILE, "ENFILE"},
        {EMFILE, "EMFILE"},
        {ENOTTY, "ENOTTY"},
        {ETXTBSY, "ETXTBSY"},
        {EFBIG, "EFBIG"},
        {ENOSPC, "ENOSPC"},
        {ESPIPE, "ESPIPE"},
        {EROFS, "EROFS"},
        {EMLINK, "EMLINK"},
        {EPIPE, "EPIPE"},
        {EDOM, "EDOM"},
        {ERANGE, "ERANGE"},
        {ENAMETOOLONG, "ENAMETOOLONG"},
        {ENOSYS, "ENOSYS"},
        {ENOTEMPTY, "ENOTEMPTY"},
        {ELOOP, "ELOOP"},
        {EOVERFLOW, "EOVERFLOW"},
        {ETIMEDOUT, "ETIMEDOUT"},
        {EOPNOTSUPP, "EOPNOTSUPP"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].e == e)
            return names[i].n;
    return "E?";
}

static void t_init(const char *name)
{
    t_name = name;
    t_printf("# %s: pid %d\n", name, (int)getpid());
}

/* Record one check. got/err describe the result when it failed. */
static int t_report(int pass, long got, int err, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int t_report(int pass, long got, int err, int line, const char *fmt, ...)
{
    char desc[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(desc, sizeof(desc), fmt, ap);
    va_end(ap);
    t_num++;
    if (pass) {
        t_pass++;
        t_printf("ok %d - %s\n", t_num, desc);
    } else {
        t_fail++;
        t_printf("not ok %d - %s (got %ld errno %s, line %d)\n", t_num, desc, got,
                 err ? t_errname(err) : "0", line);
    }
    return pass;
}

/* CHECK(cond, "desc", ...): cond must be true. */
#define CHECK(cond, ...) t_report(!!(cond), 0, errno, __LINE__, __VA_ARGS__)

/* CHECK_EQ(expr, want, ...): integer result equals want. */
#define CHECK_EQ(expr, want, ...)                                                                  \
    ({                                                                                             \
        errno = 0;                                                                                 \
        long t_r_ = (long)(expr);                                                                  \
        int t_e_ = errno;                                                                          \
        t_report(t_r_ == (long)(want), t_r_, t_e_, __LINE__, __VA_ARGS__);                         \
    })

/* CHECK_OK(expr, ...): a call succeeds (result >= 0). Evaluates to the result. */
#define CHECK_OK(expr, ...)                                                                        \
    ({                                                                                             \
        errno = 0;                                                                                 \
        long t_r_ = (long)(expr);                                                                  \
        int t_e_ = errno;                                                                          \
        t_report(t_r_ >= 0, t_r_, t_e_, __LINE__, __VA_ARGS__);                                    \
        t_r_;                                                                                      \
    })

/* CHECK_ERR(expr, ERRNO, ...): a call fails with -1 and that errno. */
#define CHECK_ERR(expr, want, ...)                                                                 \
    ({                                                                                             \
        errno = 0;                                                                                 \
        long t_r_ = (long)(expr);                                                                  \
        int t_e_ = errno;                                                                          \
        t_report(t_r_ == -1 && t_e_ == (want), t_r_, t_e_, __LINE__, __VA_ARGS__);                 \
    })

__attribute__((format(printf, 2, 3))) static void t_skip_(const char *why, const char *fmt, ...)
{
    char desc[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(desc, sizeof(desc), fmt, ap);
    va_end(ap);
    t_num++;
    t_skip++;
    t_printf("skip %d - %s (%s)\n", t_num, desc, why);
}
#define SKIP(why, ...) t_skip_(why, __VA_ARGS__)

static int t_done(void)
{
    t_printf("done %s: %d passed, %d failed, %d skipped\n", t_name, t_pass, t_fail, t_skip);
    exit(t_fail ? 1 : 0);
}

/* ---- Children ---- */

/* Wait for one child; returns its wait status, or -1 (and a failed check
 * is the caller's job). Retries on EINTR. */
static int t_wait(pid_t pid)
{
    int st;
    for (;;) {
        pid_t r = waitpid(pid, &st, __WALL);
        if (r == pid)
            return st;
        if (r < 0 && errno == EINTR)
            continue;
        return -1;
    }
}

/* Run fn(arg) in a forked child that exits with fn's return value;
 * returns the wait status. The child's own checks go nowhere: it reports
 * through its exit code (0 = good) or the signal that killed it. */
static int t_child(int (*fn)(void *), void *arg)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(fn(arg));
    if (pid < 0)
        return -1;
    return t_wait(pid);
}

#define EXITED_WITH(st, code) ((st) != -1 && WIFEXITED(st) && WEXITSTATUS(st) == (code))
#define KILLED_BY(st, sig)    ((st) != -1 && WIFSIGNALED(st) && WTERMSIG(st) == (sig))

/* A scratch path under TDIR unique to this program (never freed: tests
 * are short-lived). */
static const char *t_path(const char *leaf)
{
    char b[256];
    snprintf(b, sizeof(b), TDIR "/%s.%d.%s", t_name, (int)getpid(), leaf);
    return strdup(b);
}

/* Create a file with the given contents; returns 0 or -errno. */
static int t_mkfile(const char *path, const char *data, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0)
        return -errno;
    size_t n = strlen(data);
    ssize_t w = write(fd, data, n);
    close(fd);
    if (w != (ssize_t)n)
        return -EIO;
    return chmod(path, mode) < 0 ? -errno : 0;
}

/* Sleep for ms milliseconds (nanosleep, restarted on signals). */
static void t_msleep(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

#endif
