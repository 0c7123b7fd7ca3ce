/* Pipes: pipe2 flags and errors, EOF, EPIPE and SIGPIPE, O_NONBLOCK
 * EAGAIN, PIPE_BUF atomicity with several writers, capacity, FIONREAD,
 * ESPIPE. Linux: fs/pipe.c, man 7 pipe. */
#include "t.h"

#include <limits.h>
#include <sys/ioctl.h>

static volatile int sigpipes;

static void on_pipe(int sig)
{
    (void)sig;
    sigpipes++;
}

#define WRITERS 4
#define ROUNDS  64

int main(void)
{
    t_init("pipe");
    int p[2];
    char buf[PIPE_BUF * 2];

    CHECK_EQ(syscall(SYS_pipe2, p, 0), 0, "pipe2");
    CHECK(p[0] >= 3 && p[1] == p[0] + 1, "two new fds (%d %d)", p[0], p[1]);
    CHECK_EQ(fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY, "the read end is O_RDONLY");
    CHECK_EQ(fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY, "the write end is O_WRONLY");
    CHECK_EQ(write(p[1], "hello", 5), 5, "write 5");
    int n = -1;
    CHECK_EQ(ioctl(p[0], FIONREAD, &n), 0, "FIONREAD");
    CHECK(n == 5, "5 bytes queued (%d)", n);
    CHECK_EQ(read(p[0], buf, 100), 5, "a read returns what is there");
    CHECK(memcmp(buf, "hello", 5) == 0, "in order");
    CHECK_ERR(write(p[0], "x", 1), EBADF, "writing the read end: EBADF");
    CHECK_ERR(read(p[1], buf, 1), EBADF, "reading the write end: EBADF");
    CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE, "lseek on a pipe: ESPIPE");
    CHECK_ERR(pread(p[0], buf, 1, 0), ESPIPE, "pread on a pipe: ESPIPE");
    CHECK_ERR(pwrite(p[1], buf, 1, 0), ESPIPE, "pwrite on a pipe: ESPIPE");
    CHECK_EQ(fcntl(p[0], F_GETPIPE_SZ), 65536, "the default capacity is 64 KiB");

    /* EOF once every writer is gone */
    close(p[1]);
    CHECK_EQ(read(p[0], buf, 10), 0, "read after the write end closed: EOF");
    close(p[0]);

    /* EPIPE and SIGPIPE */
    pipe2(p, 0);
    close(p[0]);
    signal(SIGPIPE, on_pipe);
    CHECK_ERR(write(p[1], "x", 1), EPIPE, "write with no reader: EPIPE");
    CHECK(sigpipes == 1, "and SIGPIPE was raised");
    signal(SIGPIPE, SIG_IGN);
    CHECK_ERR(write(p[1], "x", 1), EPIPE, "with SIGPIPE ignored: still EPIPE");
    close(p[1]);
    pipe2(p, 0);
    close(p[0]); /* before fork: no reader anywhere */
    pid_t k = fork();
    if (k == 0) {
        signal(SIGPIPE, SIG_DFL);
        write(p[1], "x", 1);
        _exit(0);
    }
    int st = t_wait(k);
    CHECK(KILLED_BY(st, SIGPIPE), "SIGPIPE's default action kills the writer (status %#x)", st);
    close(p[1]);
    signal(SIGPIPE, SIG_DFL);

    /* flags */
    CHECK_EQ(syscall(SYS_pipe2, p, O_CLOEXEC | O_NONBLOCK), 0, "pipe2 O_CLOEXEC|O_NONBLOCK");
    CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC && fcntl(p[1], F_GETFD) == FD_CLOEXEC,
          "both ends close-on-exec");
    CHECK((fcntl(p[0], F_GETFL) & O_NONBLOCK) && (fcntl(p[1], F_GETFL) & O_NONBLOCK),
          "both ends non-blocking");
    CHECK_ERR(read(p[0], buf, 1), EAGAIN, "a non-blocking read of an empty pipe: EAGAIN");
    long total = 0, w;
    memset(buf, 'a', sizeof(buf));
    while ((w = write(p[1], buf, 4096)) > 0)
        total += w;
    CHECK(w == -1 && errno == EAGAIN, "writing a full non-blocking pipe: EAGAIN");
    CHECK(total == 65536, "after exactly 64 KiB (%ld)", total);
    CHECK_ERR(write(p[1], buf, 1), EAGAIN, "even one byte: EAGAIN");
    read(p[0], buf, 100);
    CHECK_ERR(write(p[1], buf, PIPE_BUF), EAGAIN, "a PIPE_BUF write needs PIPE_BUF free: EAGAIN");
    /* a large non-blocking write is partial */
    while (read(p[0], buf, sizeof(buf)) > 0)
        ;
    static char large[100000];
    CHECK_EQ(write(p[1], large, sizeof(large)), 65536,
             "a 100000-byte non-blocking write is partial (64 KiB)");
    close(p[0]);
    close(p[1]);
    CHECK_ERR(syscall(SYS_pipe2, p, O_RDWR), EINVAL, "pipe2 with O_RDWR: EINVAL");
    CHECK_ERR(syscall(SYS_pipe2, p, 0x8000000), EINVAL, "pipe2 with an unknown flag: EINVAL");
    CHECK_ERR(syscall(SYS_pipe2, BADPTR, 0), EFAULT, "pipe2 into a bad pointer: EFAULT");
    CHECK_ERR(syscall(SYS_pipe2, KPTR, 0), EFAULT, "pipe2 into a kernel pointer: EFAULT");

    /* Changing the capacity. */
    pipe(p);
    CHECK(fcntl(p[1], F_SETPIPE_SZ, 8192) >= 8192, "F_SETPIPE_SZ 8192");
    CHECK_EQ(fcntl(p[1], F_GETPIPE_SZ), 8192, "F_GETPIPE_SZ reads it back");
    close(p[0]);
    close(p[1]);

    /* PIPE_BUF atomicity: WRITERS children each write ROUNDS records of
     * PIPE_BUF bytes filled with their id; the reader must see whole records. */
    pipe(p);
    for (int i = 0; i < WRITERS; i++) {
        if (fork() == 0) {
            close(p[0]);
            char rec[PIPE_BUF];
            memset(rec, 'A' + i, sizeof(rec));
            for (int r = 0; r < ROUNDS; r++)
                if (write(p[1], rec, sizeof(rec)) != sizeof(rec))
                    _exit(1);
            _exit(0);
        }
    }
    close(p[1]);
    int torn = 0, records = 0, counts[WRITERS] = {0};
    char rec[PIPE_BUF];
    size_t have = 0;
    for (;;) {
        long r = read(p[0], rec + have, sizeof(rec) - have);
        if (r <= 0)
            break;
        have += (size_t)r;
        if (have < sizeof(rec))
            continue;
        have = 0;
        records++;
        for (size_t j = 1; j < sizeof(rec); j++)
            if (rec[j] != rec[0]) {
                torn++;
                break;
            }
        if (rec[0] >= 'A' && rec[0] < 'A' + WRITERS)
            counts[rec[0] - 'A']++;
    }
    int ok = 1;
    for (int i = 0; i < WRITERS; i++) {
        int s = -1;
        waitpid(-1, &s, 0);
        ok &= EXITED_WITH(s, 0);
    }
    CHECK(ok, "all writers finished");
    CHECK(records == WRITERS * ROUNDS && have == 0, "every record arrived (%d)", records);
    CHECK(torn == 0, "no PIPE_BUF record was interleaved (%d torn)", torn);
    CHECK(counts[0] == ROUNDS && counts[WRITERS - 1] == ROUNDS, "each writer's records counted");
    close(p[0]);

    /* A blocking reader wakes up when data arrives, a blocking writer when
     * space frees. */
    pipe(p);
    k = fork();
    if (k == 0) {
        t_msleep(50);
        write(p[1], "late", 4);
        _exit(0);
    }
    CHECK_EQ(read(p[0], buf, 10), 4, "a blocking read waits for a writer");
    t_wait(k);
    k = fork();
    if (k == 0) {
        long got = 0, r;
        t_msleep(50);
        while (got < 70000 && (r = read(p[0], buf, sizeof(buf))) > 0)
            got += r;
        _exit(got == 70000 ? 0 : 1);
    }
    CHECK_EQ(write(p[1], large, 70000), 70000,
             "a blocking write larger than the pipe completes as the reader drains");
    st = t_wait(k);
    CHECK(EXITED_WITH(st, 0), "the reader got all 70000 bytes");
    close(p[0]);
    close(p[1]);

    /* The read end sees EOF only when every copy of the write end closes. */
    pipe(p);
    k = fork();
    if (k == 0) {
        t_msleep(50);
        _exit(0); /* holds a copy of p[1] until now */
    }
    close(p[1]);
    CHECK_EQ(read(p[0], buf, 1), 0, "EOF once the child's copy of the write end is gone");
    t_wait(k);
    close(p[0]);
    return t_done();
}
