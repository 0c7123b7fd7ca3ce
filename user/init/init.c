/* init: RustOS's own PID 1 for a busybox root file system.
 *
 * It is an ordinary static Linux arm64 program, so the same binary runs on
 * RustOS and on the Linux reference kernel (tools/linux-ref.sh).
 *
 *  1. Mounts proc on /proc, devtmpfs on /dev (or, if that fails, makes the
 *     few device nodes a shell needs with mknod), tmpfs on /tmp and /run.
 *  2. Opens /dev/console as fds 0, 1 and 2, sets PATH, HOME and TERM.
 *  3. Starts the shell in its own session with the console as controlling
 *     terminal (setsid + TIOCSCTTY, see tty_ioctl(4)), so it has job
 *     control. The shell is a login shell ("-sh"), so it reads /etc/profile.
 *  4. Reaps every child, including orphans re-parented to PID 1
 *     (waitpid(-1), wait(2)), and restarts the shell when it exits.
 *  5. Powers off when the shell exits with status INIT_EXIT_POWEROFF, or on
 *     the signals busybox's halt/poweroff/reboot send to PID 1
 *     (init/halt.c: SIGUSR1 halt, SIGUSR2 power off, SIGTERM reboot).
 *
 * What to run comes from the kernel command line. Linux hands init every
 * unknown "key=value" word as an environment variable and every other
 * unknown word as an argument (init/main.c: unknown_bootoption). Names with a
 * '.' are taken for module parameters and never reach init, hence the '_':
 *   init_shell=PATH    the shell (default /bin/sh)
 *   init_script=PATH   run "shell PATH" once, stdin /dev/null, output on the
 *                      console, print "init: script exited with status N",
 *                      then power off. Used by tools/test-busybox.py.
 *   init_devtmpfs=0    skip devtmpfs, make the device nodes with mknod
 *   words              if any, run them as the command instead of the shell.
 *
 * Build (static glibc, from libc6-dev-arm64-cross): make rootfs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* "exit 200" in the interactive shell powers the machine off. */
#define INIT_EXIT_POWEROFF 200

/* Give up restarting a shell that dies this fast this many times in a row
 * (a missing /bin/sh would otherwise spin forever). */
#define FAST_EXIT_NS    (1000LL * 1000 * 1000)
#define FAST_EXIT_LIMIT 5

enum stop_kind { STOP_NONE, STOP_HALT, STOP_POWEROFF, STOP_REBOOT };

/* Set by the signal handler, read by the main loop between sigsuspend()s. */
static volatile sig_atomic_t stop_request = STOP_NONE;

static void say(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n = snprintf(buf, sizeof(buf), "init: ");
    va_start(ap, fmt);
    n += vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof(buf) - 1)
        n = (int)sizeof(buf) - 2;
    buf[n++] = '\n';
    /* One write per line, so lines from init and the shell do not mix. */
    (void)!write(STDERR_FILENO, buf, (size_t)n);
}

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* ---- File systems and device nodes ---- */

static void make_dir(const char *path, mode_t mode)
{
    if (mkdir(path, mode) < 0 && errno != EEXIST)
        say("mkdir %s: %s", path, strerror(errno));
}

static int mount_fs(const char *type, const char *dir, const char *data)
{
    make_dir(dir, 0755);
    if (mount(type, dir, type, MS_NOSUID, data) == 0)
        return 0;
    int err = errno;
    say("mount %s on %s: %s", type, dir, strerror(err));
    return -err;
}

/* The nodes an interactive busybox needs, with their Linux numbers
 * (Documentation/admin-guide/devices.txt). */
static const struct {
    const char *path;
    mode_t mode;
    unsigned major, minor;
} fallback_nodes[] = {
    {"/dev/console", S_IFCHR | 0600, 5, 1}, {"/dev/tty", S_IFCHR | 0666, 5, 0},
    {"/dev/null", S_IFCHR | 0666, 1, 3},    {"/dev/zero", S_IFCHR | 0666, 1, 5},
    {"/dev/full", S_IFCHR | 0666, 1, 7},    {"/dev/random", S_IFCHR | 0666, 1, 8},
    {"/dev/urandom", S_IFCHR | 0666, 1, 9}, {"/dev/ttyAMA0", S_IFCHR | 0600, 204, 64},
};

static void make_dev_nodes(void)
{
    make_dir("/dev", 0755);
    for (size_t i = 0; i < sizeof(fallback_nodes) / sizeof(fallback_nodes[0]); i++) {
        const char *p = fallback_nodes[i].path;
        dev_t dev = makedev(fallback_nodes[i].major, fallback_nodes[i].minor);
        if (mknod(p, fallback_nodes[i].mode, dev) < 0 && errno != EEXIST)
            say("mknod %s: %s", p, strerror(errno));
    }
}

static void mount_all(void)
{
    mount_fs("proc", "/proc", NULL);
    /* init_devtmpfs=0 tries the fallback on a kernel that has devtmpfs. */
    const char *want_devtmpfs = getenv("init_devtmpfs");
    if ((want_devtmpfs && strcmp(want_devtmpfs, "0") == 0) ||
        mount_fs("devtmpfs", "/dev", "mode=0755") < 0)
        make_dev_nodes();
    mount_fs("tmpfs", "/tmp", "mode=1777");
    mount_fs("tmpfs", "/run", "mode=0755");
}

/* ---- Console ---- */

/* Make /dev/console fds 0, 1 and 2 of this process. O_NOCTTY: PID 1 must
 * not own the terminal, or the shell could not take it (tty_ioctl(4)). */
static void open_console(void)
{
    int fd = open("/dev/console", O_RDWR | O_NOCTTY);
    if (fd < 0) {
        /* Keep whatever the kernel gave us (Linux opens the console for
         * init itself); report it there if that exists. */
        say("open /dev/console: %s", strerror(errno));
        return;
    }
    for (int i = 0; i < 3; i++)
        if (fd != i)
            dup2(fd, i);
    if (fd > 2)
        close(fd);
}

/* ---- Environment ---- */

static void setup_env(void)
{
    setenv("PATH", "/sbin:/usr/sbin:/bin:/usr/bin", 1);
    /* Linux gives init HOME=/ (init/main.c envp_init); root's is /root. */
    setenv("HOME", "/root", 1);
    setenv("TERM", "linux", 0);
    setenv("SHELL", "/bin/sh", 0);
    setenv("USER", "root", 0);
    setenv("LOGNAME", "root", 0);
}

/* ---- Signals ---- */

static void on_stop_signal(int sig)
{
    stop_request = sig == SIGUSR1 ? STOP_HALT : sig == SIGUSR2 ? STOP_POWEROFF : STOP_REBOOT;
}

static void on_sigchld(int sig)
{
    (void)sig; /* only wakes sigsuspend() */
}

/* PID 1 gets no signal it has no handler for (Linux: SIGNAL_UNKILLABLE),
 * so the stop signals need handlers. They stay blocked except inside
 * sigsuspend(), which closes the race between checking for work and
 * sleeping. Returns the mask to sleep with. */
static sigset_t setup_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sigfillset(&sa.sa_mask);
    sa.sa_handler = on_stop_signal;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = on_sigchld;
    sigaction(SIGCHLD, &sa, NULL);
    /* Ctrl-Alt-Del and hangups mean nothing to this init. */
    sa.sa_handler = SIG_IGN;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGUSR2);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &old);
    return old;
}

/* A child starts with init's blocked mask and ignored signals; give it
 * the defaults a freshly exec'd program expects. */
static void reset_signals(const sigset_t *mask)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    const int sigs[] = {SIGUSR1, SIGUSR2, SIGTERM, SIGCHLD, SIGINT, SIGHUP};
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        sigaction(sigs[i], &sa, NULL);
    sigprocmask(SIG_SETMASK, mask, NULL);
}

/* ---- Starting programs ---- */

struct job {
    char *const *argv; /* argv[0] is the path to exec */
    const char *arg0;  /* the argv[0] the program sees */
    int interactive;   /* own session, console as controlling terminal */
};

static pid_t spawn(const struct job *job, const sigset_t *mask)
{
    pid_t pid = fork();
    if (pid < 0) {
        say("fork: %s", strerror(errno));
        return -1;
    }
    if (pid > 0)
        return pid;

    reset_signals(mask);
    if (setsid() < 0)
        say("setsid: %s", strerror(errno));
    if (job->interactive) {
        /* A session leader opening /dev/console does not get it as its
         * controlling terminal (drivers/tty/tty_io.c: tty_open); ask. */
        int fd = open("/dev/console", O_RDWR);
        if (fd >= 0) {
            if (ioctl(fd, TIOCSCTTY, 0) < 0)
                say("TIOCSCTTY: %s (no job control)", strerror(errno));
            for (int i = 0; i < 3; i++)
                dup2(fd, i);
            if (fd > 2)
                close(fd);
        }
    } else {
        int fd = open("/dev/null", O_RDONLY);
        if (fd >= 0 && fd != 0) {
            dup2(fd, 0);
            close(fd);
        }
    }

    char **argv = (char **)job->argv;
    const char *path = argv[0];
    argv[0] = (char *)job->arg0;
    execv(path, argv);
    say("exec %s: %s", path, strerror(errno));
    _exit(127);
}

/* ---- Stopping ---- */

static void reap_nowait(void)
{
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
}

/* Ask everyone to stop, give them a moment, then insist; like any init
 * before reboot(2), which does not end processes itself. */
static void stop_all(void)
{
    kill(-1, SIGTERM);
    for (int i = 0; i < 50; i++) {
        reap_nowait();
        if (waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD)
            break;
        sleep_ms(20);
    }
    kill(-1, SIGKILL);
    reap_nowait();
}

static void __attribute__((noreturn)) stop_machine(enum stop_kind kind)
{
    static const char *const names[] = {"power off", "halt", "power off", "reboot"};
    static const int cmds[] = {RB_POWER_OFF, RB_HALT_SYSTEM, RB_POWER_OFF, RB_AUTOBOOT};
    say("%s", kind == STOP_HALT ? "halting" : kind == STOP_REBOOT ? "rebooting" : "powering off");
    stop_all();
    sync();
    reboot(cmds[kind]);
    say("reboot(%s): %s", names[kind], strerror(errno));
    for (;;)
        pause();
}

/* ---- Main loop ---- */

/* Runs job until it exits, reaping orphans meanwhile and obeying stop
 * signals; returns its wait status. */
static int run_and_wait(const struct job *job, const sigset_t *mask)
{
    pid_t pid = spawn(job, mask);
    if (pid < 0)
        return W_EXITCODE(127, 0);
    for (;;) {
        int status;
        pid_t got;
        while ((got = waitpid(-1, &status, WNOHANG)) > 0)
            if (got == pid)
                return status;
        if (stop_request != STOP_NONE)
            stop_machine(stop_request);
        sigsuspend(mask);
    }
}

static void describe(const char *what, int status)
{
    if (WIFEXITED(status))
        say("%s exited with status %d", what, WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        say("%s killed by signal %d", what, WTERMSIG(status));
}

int main(int argc, char **argv)
{
    if (getpid() != 1)
        say("warning: running as pid %d, not 1", (int)getpid());
    umask(022);
    mount_all();
    open_console();
    setup_env();
    sigset_t mask = setup_signals();

    const char *shell = getenv("init_shell");
    if (!shell || !*shell)
        shell = "/bin/sh";
    const char *script = getenv("init_script");

    if (script && *script) {
        char *sargv[] = {(char *)shell, (char *)script, NULL};
        struct job job = {sargv, shell, 0};
        say("running script %s with %s", script, shell);
        int status = run_and_wait(&job, &mask);
        describe("script", status);
        stop_machine(STOP_POWEROFF);
    }

    /* A login shell ("-sh") reads /etc/profile; busybox drops the '-'
     * when it picks the applet. */
    char login_name[64];
    const char *base = strrchr(shell, '/');
    snprintf(login_name, sizeof(login_name), "-%s", base ? base + 1 : shell);
    char *shargv[] = {(char *)shell, NULL};
    struct job job = {shargv, login_name, 1};
    if (argc > 1) {
        job.argv = argv + 1;
        job.arg0 = argv[1];
    }

    int fast_exits = 0;
    for (;;) {
        say("starting %s (type 'poweroff' or 'exit %d' to power off)", job.argv[0],
            INIT_EXIT_POWEROFF);
        long long start = now_ns();
        int status = run_and_wait(&job, &mask);
        describe(job.argv[0], status);
        if (WIFEXITED(status) && WEXITSTATUS(status) == INIT_EXIT_POWEROFF)
            stop_machine(STOP_POWEROFF);
        fast_exits = now_ns() - start < FAST_EXIT_NS ? fast_exits + 1 : 0;
        if (fast_exits >= FAST_EXIT_LIMIT) {
            say("%s keeps exiting at once; giving up", job.argv[0]);
            stop_machine(STOP_POWEROFF);
        }
    }
}
