/* poll, ppoll, select, pselect6 on pipes: readiness, POLLHUP, POLLERR,
 * POLLNVAL, timeouts, signal masks, errors. Linux: fs/select.c, man 2 poll, select. */
#include "t.h"

#include <poll.h>
#include <sys/select.h>

static volatile int hits;

static void handler(int sig)
{
    (void)sig;
    hits++;
}

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

struct ksel {
    const void *ss;
    size_t size;
};

int main(void)
{
    t_init("poll");
    int p[2];
    pipe(p);
    struct pollfd f[2];

    /* poll */
    f[0] = (struct pollfd){p[0], POLLIN, 0x7777};
    f[1] = (struct pollfd){p[1], POLLOUT, 0x7777};
    CHECK_EQ(poll(f, 2, 0), 1, "an empty pipe: only the write end is ready");
    CHECK(f[0].revents == 0 && f[1].revents == POLLOUT, "revents 0 and POLLOUT (%#x %#x)",
          f[0].revents, f[1].revents);
    write(p[1], "x", 1);
    CHECK_EQ(poll(f, 2, 0), 2, "with data both are ready");
    CHECK(f[0].revents == POLLIN, "POLLIN on the read end");
    long long t0 = now_ms();
    f[1].events = 0;
    char c;
    read(p[0], &c, 1);
    CHECK_EQ(poll(f, 2, 50), 0, "poll times out with nothing ready");
    CHECK(now_ms() - t0 >= 50, "after at least 50 ms");
    pid_t k = fork();
    if (k == 0) {
        t_msleep(30);
        write(p[1], "y", 1);
        _exit(0);
    }
    CHECK_EQ(poll(f, 1, 5000), 1, "poll wakes up when a child writes");
    t_wait(k);
    read(p[0], &c, 1);
    f[0].fd = -1;
    f[0].revents = 0x55;
    CHECK_EQ(poll(f, 1, 0), 0, "a negative fd is ignored");
    CHECK(f[0].revents == 0, "and its revents cleared");
    f[0].fd = 999;
    f[0].events = POLLIN;
    CHECK_EQ(poll(f, 1, 0), 1, "a closed fd counts as ready");
    CHECK(f[0].revents == POLLNVAL, "with POLLNVAL");
    CHECK_EQ(poll(NULL, 0, 10), 0, "poll with no fds sleeps and returns 0");
    CHECK_ERR(poll(BADPTR, 1, 0), EFAULT, "poll with a bad array: EFAULT");
    CHECK_ERR(poll(f, 1 << 20, 0), EINVAL, "nfds above RLIMIT_NOFILE: EINVAL");

    /* hang-up and error */
    int q[2];
    pipe(q);
    close(q[1]);
    f[0] = (struct pollfd){q[0], POLLIN, 0};
    CHECK_EQ(poll(f, 1, 0), 1, "the read end of a pipe whose writer closed is ready");
    CHECK(f[0].revents == POLLHUP, "with POLLHUP (%#x)", f[0].revents);
    close(q[0]);
    pipe(q);
    write(q[1], "d", 1);
    close(q[1]);
    f[0] = (struct pollfd){q[0], POLLIN, 0};
    poll(f, 1, 0);
    CHECK(f[0].revents == (POLLIN | POLLHUP), "data and hang-up: POLLIN|POLLHUP (%#x)",
          f[0].revents);
    close(q[0]);
    pipe(q);
    close(q[0]);
    f[0] = (struct pollfd){q[1], POLLOUT, 0};
    poll(f, 1, 0);
    CHECK(f[0].revents == (POLLOUT | POLLERR),
          "the write end with no reader: POLLOUT|POLLERR (%#x)", f[0].revents);
    f[0].events = 0;
    poll(f, 1, 0);
    CHECK(f[0].revents == POLLERR, "POLLERR is reported even when not asked for");
    close(q[1]);
    int dn = open("/dev/null", O_RDWR);
    f[0] = (struct pollfd){dn, POLLIN | POLLOUT, 0};
    poll(f, 1, 0);
    CHECK(f[0].revents == (POLLIN | POLLOUT), "/dev/null is always readable and writable");
    close(dn);

    /* ppoll */
    struct timespec ts = {0, 20000000};
    f[0] = (struct pollfd){p[0], POLLIN, 0};
    CHECK_EQ(syscall(SYS_ppoll, f, 1, &ts, NULL, 8), 0, "ppoll times out");
    CHECK(ts.tv_sec == 0 && ts.tv_nsec == 0, "and updates the timeout to 0 left");
    ts.tv_nsec = 1000000000;
    CHECK_ERR(syscall(SYS_ppoll, f, 1, &ts, NULL, 8), EINVAL, "ppoll with tv_nsec 1e9: EINVAL");
    ts.tv_nsec = 0;
    sigset_t m;
    sigemptyset(&m);
    CHECK_ERR(syscall(SYS_ppoll, f, 1, &ts, &m, 4), EINVAL, "ppoll sigsetsize 4: EINVAL");
    /* ppoll's mask: a blocked signal is delivered during ppoll */
    struct sigaction sa = {0};
    sa.sa_handler = handler;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &old);
    kill(getpid(), SIGUSR1);
    hits = 0;
    ts.tv_sec = 5;
    CHECK_ERR(syscall(SYS_ppoll, f, 1, &ts, &m, 8), EINTR,
              "ppoll with an empty mask takes the pending signal: EINTR");
    CHECK(hits == 1, "the handler ran inside ppoll");
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    CHECK(sigismember(&cur, SIGUSR1), "the mask is restored after ppoll");
    sigprocmask(SIG_SETMASK, &old, NULL);

    /* select */
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(p[0], &rd);
    FD_SET(p[1], &wr);
    struct timeval tv = {0, 0};
    int maxfd = p[1] + 1;
    CHECK_EQ(select(maxfd, &rd, &wr, NULL, &tv), 1, "select: only the write end ready");
    CHECK(!FD_ISSET(p[0], &rd) && FD_ISSET(p[1], &wr), "the sets say which");
    write(p[1], "z", 1);
    FD_SET(p[0], &rd);
    FD_SET(p[1], &wr);
    CHECK_EQ(select(maxfd, &rd, &wr, NULL, &tv), 2, "select with data: 2");
    read(p[0], &c, 1);
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    tv.tv_usec = 30000;
    t0 = now_ms();
    CHECK_EQ(syscall(SYS_pselect6, maxfd, &rd, NULL, NULL, &(struct timespec){0, 30000000}, NULL),
             0, "pselect6 times out");
    CHECK(now_ms() - t0 >= 30, "after at least 30 ms");
    CHECK(!FD_ISSET(p[0], &rd), "and clears the set");
    /* (A closed fd inside the fd table: Linux ignores bits beyond it.) */
    int closed = dup(0);
    close(closed);
    FD_ZERO(&rd);
    FD_SET(closed, &rd);
    tv.tv_usec = 0;
    CHECK_ERR(select(closed + 1, &rd, NULL, NULL, &tv), EBADF, "select on a closed fd: EBADF");
    CHECK_ERR(select(-1, NULL, NULL, NULL, &tv), EINVAL, "select with nfds -1: EINVAL");
    CHECK_ERR(syscall(SYS_pselect6, 0, NULL, NULL, NULL, &(struct timespec){0, 2000000000}, NULL),
              EINVAL, "pselect6 with tv_nsec 2e9: EINVAL");
    CHECK_ERR(syscall(SYS_pselect6, maxfd, BADPTR, NULL, NULL, NULL, NULL), EFAULT,
              "pselect6 with a bad set: EFAULT");
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    sigprocmask(SIG_BLOCK, &block, &old);
    kill(getpid(), SIGUSR1);
    hits = 0;
    struct ksel ks = {&m, 8};
    CHECK_ERR(syscall(SYS_pselect6, maxfd, &rd, NULL, NULL, NULL, &ks), EINTR,
              "pselect6 with an empty mask: EINTR");
    CHECK(hits == 1, "the handler ran inside pselect6");
    sigprocmask(SIG_SETMASK, &old, NULL);
    /* select wakes when the write end closes (EOF is readable) */
    k = fork();
    if (k == 0) {
        t_msleep(30);
        _exit(0);
    }
    pipe(q);
    k = fork();
    if (k == 0) {
        close(q[0]);
        t_msleep(30);
        close(q[1]);
        _exit(0);
    }
    close(q[1]);
    FD_ZERO(&rd);
    FD_SET(q[0], &rd);
    CHECK_EQ(select(q[0] + 1, &rd, NULL, NULL, NULL), 1,
             "select wakes when the last writer closes");
    while (waitpid(-1, NULL, 0) > 0)
        ;
    close(q[0]);
    close(p[0]);
    close(p[1]);
    return t_done();
}
