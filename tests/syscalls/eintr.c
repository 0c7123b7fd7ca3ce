/* Interrupted system calls: EINTR without SA_RESTART, transparent restart
 * with it, calls that never restart (nanosleep gives the remaining time,
 * sigsuspend, poll), and alarm/setitimer as the signal source.
 * Linux: kernel/signal.c, arch/arm64/kernel/signal.c (restart handling),
 * man 7 signal "Interruption of system calls and library functions". */
#include "t.h"

#include <poll.h>
#include <sys/time.h>

static volatile int hits;

static void handler(int sig)
{
    (void)sig;
    hits++;
}

static void set(int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    sa.sa_flags = flags;
    sigaction(SIGALRM, &sa, NULL);
}

/* Arm a one-shot real-time timer of ms milliseconds. */
static void arm(long ms)
{
    struct itimerval it = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};
    syscall(SYS_setitimer, ITIMER_REAL, &it, NULL);
}

int main(void)
{
    t_init("eintr");
    int p[2];
    pipe(p);
    char c;

    /* read on an empty pipe, interrupted */
    set(0);
    hits = 0;
    arm(30);
    CHECK_ERR(read(p[0], &c, 1), EINTR, "read interrupted by a handler without SA_RESTART: EINTR");
    CHECK(hits == 1, "the handler ran");

    /* with SA_RESTART the read continues and gets the data a child writes later */
    set(SA_RESTART);
    hits = 0;
    pid_t k = fork();
    if (k == 0) {
        t_msleep(500);
        write(p[1], "z", 1);
        _exit(0);
    }
    arm(30);
    c = 0;
    CHECK_EQ(read(p[0], &c, 1), 1, "read with SA_RESTART is restarted after the handler");
    CHECK(c == 'z' && hits == 1, "and returns the data written after the signal");
    t_wait(k);

    /* wait4 with SA_RESTART restarts; without, EINTR */
    k = fork();
    if (k == 0) {
        t_msleep(500);
        _exit(4);
    }
    arm(30);
    int st = 0;
    CHECK_EQ(waitpid(k, &st, 0), k, "wait4 restarts with SA_RESTART");
    set(0);
    k = fork();
    if (k == 0) {
        t_msleep(500);
        _exit(4);
    }
    arm(30);
    CHECK_ERR(syscall(SYS_wait4, k, &st, 0, NULL), EINTR, "wait4 without SA_RESTART: EINTR");
    t_wait(k);

    /* nanosleep: always EINTR, with the remaining time */
    set(SA_RESTART);
    struct timespec req = {2, 0}, rem = {0, 0};
    arm(50);
    CHECK_ERR(syscall(SYS_nanosleep, &req, &rem), EINTR, "nanosleep is never restarted: EINTR");
    CHECK(rem.tv_sec >= 1 && rem.tv_sec <= 2 && rem.tv_nsec >= 0 && rem.tv_nsec < 1000000000,
          "nanosleep reports the remaining time (%ld.%09ld)", (long)rem.tv_sec, rem.tv_nsec);
    req.tv_sec = 2;
    arm(50);
    CHECK_EQ(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, &rem), -1,
             "clock_nanosleep interrupted");
    CHECK(errno == EINTR && rem.tv_sec >= 1, "with EINTR and the remaining time");

    /* poll: EINTR even with SA_RESTART */
    struct pollfd pfd = {p[0], POLLIN, 0};
    arm(30);
    CHECK_ERR(poll(&pfd, 1, 2000), EINTR, "poll is not restarted: EINTR");

    /* pause returns EINTR */
    arm(20);
    CHECK_ERR(syscall(SYS_ppoll, NULL, 0, NULL, NULL, 0), EINTR,
              "ppoll with no fds and no timeout (pause): EINTR");

    /* alarm: returns the seconds left of the previous alarm */
    CHECK_EQ(alarm(10), 0, "alarm with no previous alarm returns 0");
    CHECK_EQ(alarm(0), 10, "alarm(0) cancels and returns the seconds left");
    struct itimerval it;
    CHECK_EQ(syscall(SYS_getitimer, ITIMER_REAL, &it), 0, "getitimer");
    CHECK(it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0, "no timer armed");
    CHECK_ERR(syscall(SYS_getitimer, 7, &it), EINVAL, "getitimer of an unknown timer: EINVAL");
    CHECK_ERR(syscall(SYS_getitimer, ITIMER_REAL, BADPTR), EFAULT,
              "getitimer into a bad pointer: EFAULT");
    /* periodic itimer */
    hits = 0;
    struct itimerval per = {{0, 10000}, {0, 10000}};
    syscall(SYS_setitimer, ITIMER_REAL, &per, NULL);
    while (hits < 3)
        syscall(SYS_ppoll, NULL, 0, NULL, NULL, 0);
    struct itimerval off = {{0, 0}, {0, 0}};
    syscall(SYS_setitimer, ITIMER_REAL, &off, &it);
    CHECK(it.it_interval.tv_usec == 10000,
          "a periodic itimer fires repeatedly and reads back its interval");
    /* an unhandled SIGALRM kills */
    k = fork();
    if (k == 0) {
        signal(SIGALRM, SIG_DFL);
        alarm(1);
        for (;;)
            pause();
    }
    st = t_wait(k);
    CHECK(KILLED_BY(st, SIGALRM), "alarm without a handler kills with SIGALRM (status %#x)", st);

    /* A signal arriving during a blocking write to a full pipe */
    set(0);
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    char buf[4096];
    memset(buf, 'x', sizeof(buf));
    while (write(p[1], buf, sizeof(buf)) > 0)
        ;
    fcntl(p[1], F_SETFL, 0);
    arm(30);
    CHECK_ERR(write(p[1], buf, sizeof(buf)), EINTR, "write to a full pipe interrupted: EINTR");

    close(p[0]);
    close(p[1]);
    return t_done();
}
