/* File descriptors: dup, dup3, fcntl (F_DUPFD, F_DUPFD_CLOEXEC,
 * F_GETFD/F_SETFD, F_GETFL/F_SETFL), EMFILE at RLIMIT_NOFILE, close_range,
 * ioctl FIOCLEX/FIONCLEX. Linux: fs/file.c, fs/fcntl.c, man 2 dup, fcntl. */
#include "t.h"

#include <sys/ioctl.h>
#include <sys/resource.h>

int main(void)
{
    t_init("fd");
    int fd = open("/dev/null", O_RDWR);
    CHECK(fd >= 3, "open /dev/null");

    /* dup gives the lowest free fd and shares the offset */
    const char *f = t_path("f");
    int a = open(f, O_RDWR | O_CREAT | O_TRUNC, 0600);
    int b = (int)CHECK_OK(syscall(SYS_dup, a), "dup");
    CHECK(b == a + 1, "dup gives the lowest free fd (%d after %d)", b, a);
    write(a, "abcdef", 6);
    CHECK_EQ(lseek(b, 0, SEEK_CUR), 6, "the duplicate shares the file offset");
    CHECK_EQ(fcntl(b, F_GETFD), 0, "dup clears FD_CLOEXEC");
    close(a);
    CHECK_EQ(lseek(b, 0, SEEK_SET), 0, "the duplicate outlives the original");
    CHECK_ERR(syscall(SYS_dup, 999), EBADF, "dup of a bad fd: EBADF");
    CHECK_ERR(syscall(SYS_dup, -1), EBADF, "dup of -1: EBADF");

    /* dup3 */
    CHECK_EQ(syscall(SYS_dup3, b, 50, 0), 50, "dup3 to fd 50");
    CHECK_EQ(fcntl(50, F_GETFD), 0, "without O_CLOEXEC");
    CHECK_EQ(syscall(SYS_dup3, b, 51, O_CLOEXEC), 51, "dup3 O_CLOEXEC");
    CHECK_EQ(fcntl(51, F_GETFD), FD_CLOEXEC, "sets FD_CLOEXEC");
    CHECK_EQ(syscall(SYS_dup3, fd, 50, 0), 50, "dup3 onto an open fd closes it first");
    char c;
    CHECK_EQ(read(50, &c, 1), 0, "fd 50 is now /dev/null");
    CHECK_ERR(syscall(SYS_dup3, b, b, 0), EINVAL, "dup3 to the same fd: EINVAL");
    CHECK_ERR(syscall(SYS_dup3, b, 52, O_NONBLOCK), EINVAL,
              "dup3 with a flag other than O_CLOEXEC: EINVAL");
    CHECK_ERR(syscall(SYS_dup3, 999, 52, 0), EBADF, "dup3 of a bad fd: EBADF");
    CHECK_ERR(syscall(SYS_dup3, b, -1, 0), EBADF, "dup3 to -1: EBADF");
    CHECK_ERR(syscall(SYS_dup3, b, 1 << 20, 0), EBADF, "dup3 beyond RLIMIT_NOFILE: EBADF");
    CHECK_EQ(dup2(b, b), b, "dup2 to the same fd returns it (glibc: fcntl check)");

    /* fcntl */
    CHECK_EQ(fcntl(b, F_DUPFD, 100), 100, "F_DUPFD gives the lowest fd >= 100");
    CHECK_EQ(fcntl(b, F_DUPFD, 100), 101, "and the next one");
    CHECK_EQ(fcntl(b, F_DUPFD_CLOEXEC, 100), 102, "F_DUPFD_CLOEXEC");
    CHECK_EQ(fcntl(102, F_GETFD), FD_CLOEXEC, "with FD_CLOEXEC");
    CHECK_ERR(fcntl(b, F_DUPFD, -1), EINVAL, "F_DUPFD with a negative minimum: EINVAL");
    CHECK_ERR(fcntl(b, F_DUPFD, 1 << 20), EINVAL, "F_DUPFD above RLIMIT_NOFILE: EINVAL");
    CHECK_EQ(fcntl(b, F_SETFD, FD_CLOEXEC), 0, "F_SETFD");
    CHECK_EQ(fcntl(b, F_GETFD), FD_CLOEXEC, "F_GETFD reads it back");
    CHECK_EQ(fcntl(b, F_SETFD, 0), 0, "F_SETFD 0");
    int fl = fcntl(b, F_GETFL);
    CHECK((fl & O_ACCMODE) == O_RDWR, "F_GETFL gives O_RDWR");
    CHECK_EQ(fcntl(b, F_SETFL, fl | O_APPEND | O_NONBLOCK), 0, "F_SETFL O_APPEND|O_NONBLOCK");
    fl = fcntl(b, F_GETFL);
    CHECK((fl & O_APPEND) && (fl & O_NONBLOCK), "both flags set");
    CHECK((fcntl(100, F_GETFL) & O_APPEND) != 0, "status flags are shared by duplicates");
    CHECK_EQ(fcntl(b, F_SETFL, O_RDONLY), 0, "F_SETFL cannot change the access mode");
    CHECK((fcntl(b, F_GETFL) & O_ACCMODE) == O_RDWR, "still O_RDWR");
    CHECK_ERR(fcntl(999, F_GETFD), EBADF, "fcntl of a bad fd: EBADF");
    CHECK_ERR(syscall(SYS_fcntl, b, 9999, 0), EINVAL, "an unknown fcntl command: EINVAL");

    /* ioctl FIOCLEX / FIONCLEX */
    CHECK_EQ(ioctl(b, FIOCLEX), 0, "ioctl FIOCLEX");
    CHECK_EQ(fcntl(b, F_GETFD), FD_CLOEXEC, "sets FD_CLOEXEC");
    CHECK_EQ(ioctl(b, FIONCLEX), 0, "ioctl FIONCLEX");
    CHECK_EQ(fcntl(b, F_GETFD), 0, "clears it");
    CHECK_ERR(ioctl(999, FIOCLEX), EBADF, "ioctl on a bad fd: EBADF");
    CHECK_ERR(ioctl(b, 0x12345678), ENOTTY, "an unknown ioctl on a regular file: ENOTTY");

    /* close_range */
    CHECK_EQ(syscall(SYS_close_range, 100, 102, 0), 0, "close_range 100-102");
    CHECK_ERR(fcntl(101, F_GETFD), EBADF, "closed");
    syscall(SYS_dup3, b, 100, 0);
    CHECK_EQ(syscall(SYS_close_range, 100, 100, CLOSE_RANGE_CLOEXEC), 0,
             "close_range CLOSE_RANGE_CLOEXEC");
    CHECK_EQ(fcntl(100, F_GETFD), FD_CLOEXEC, "marks close-on-exec instead");
    CHECK_ERR(syscall(SYS_close_range, 10, 5, 0), EINVAL, "close_range with first > last: EINVAL");
    close(100);

    /* EMFILE at RLIMIT_NOFILE */
    pid_t k = fork();
    if (k == 0) {
        struct rlimit rl = {32, 32};
        setrlimit(RLIMIT_NOFILE, &rl);
        int last = -1, n = 0;
        for (;;) {
            int x = open("/dev/null", O_RDONLY);
            if (x < 0) {
                if (errno != EMFILE)
                    _exit(1);
                break;
            }
            last = x;
            n++;
        }
        if (last != 31)
            _exit(2);
        if (syscall(SYS_dup, 0) != -1 || errno != EMFILE)
            _exit(3);
        int p[2];
        if (pipe(p) != -1 || errno != EMFILE)
            _exit(4);
        if (fcntl(0, F_DUPFD, 0) != -1 || errno != EMFILE)
            _exit(5);
        if (syscall(SYS_dup3, 0, 32, 0) != -1 || errno != EBADF)
            _exit(6);
        close(last);
        /* one free slot: pipe needs two */
        if (pipe(p) != -1 || errno != EMFILE)
            _exit(7);
        if (open("/dev/null", O_RDONLY) != 31)
            _exit(8);
        /* lowering the limit below open fds is allowed; new fds fail */
        struct rlimit lo = {10, 32};
        if (setrlimit(RLIMIT_NOFILE, &lo) != 0)
            _exit(9);
        close(5);
        if (open("/dev/null", O_RDONLY) != 5)
            _exit(10); /* 5 < 10 is allowed */
        close(20);
        if (open("/dev/null", O_RDONLY) != -1 || errno != EMFILE)
            _exit(11); /* lowest free is 20 >= 10 */
        _exit(0);
    }
    int s = t_wait(k);
    CHECK(EXITED_WITH(s, 0),
          "RLIMIT_NOFILE 32: fds 0-31 then EMFILE for open, dup, pipe, F_DUPFD (step %d)",
          WIFEXITED(s) ? WEXITSTATUS(s) : -1);

    /* Many descriptors (beyond the first table size). */
    k = fork();
    if (k == 0) {
        struct rlimit rl = {2048, 2048};
        setrlimit(RLIMIT_NOFILE, &rl);
        if (syscall(SYS_dup3, 0, 2000, 0) != 2000)
            _exit(1);
        if (fcntl(2000, F_GETFD) != 0)
            _exit(2);
        if (fcntl(0, F_DUPFD, 1500) != 1500)
            _exit(3);
        _exit(0);
    }
    s = t_wait(k);
    CHECK(EXITED_WITH(s, 0), "fds up to 2000 work with a raised limit (step %d)",
          WIFEXITED(s) ? WEXITSTATUS(s) : -1);

    /* The fd table is copied at fork: closing in the child does not close ours. */
    k = fork();
    if (k == 0) {
        close(b);
        _exit(0);
    }
    t_wait(k);
    CHECK_EQ(fcntl(b, F_GETFD), 0, "a child's close leaves the parent's fd open");

    close(b);
    close(50);
    close(51);
    close(fd);
    unlink(f);
    return t_done();
}
