/* FIFOs: mknodat/mkfifo, open semantics (blocking rendezvous,
 * O_NONBLOCK reader succeeds, O_NONBLOCK writer without reader ENXIO),
 * data through the FIFO, ESPIPE. Linux: fs/fifo.c (fifo_open), man 7 fifo. */
#include "t.h"

#include <sys/sysmacros.h>

int main(void)
{
    t_init("fifo");
    const char *f = t_path("fifo");
    CHECK_EQ(syscall(SYS_mknodat, AT_FDCWD, f, S_IFIFO | 0644, 0), 0, "mknodat S_IFIFO");
    struct stat st;
    CHECK(stat(f, &st) == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 0777) == 0644,
          "stat shows a FIFO, mode 0644");
    CHECK_ERR(syscall(SYS_mknodat, AT_FDCWD, f, S_IFIFO | 0644, 0), EEXIST,
              "mknodat over an existing name: EEXIST");
    CHECK_ERR(syscall(SYS_mknodat, AT_FDCWD, t_path("bad"), 0170000 | 0644, 0), EINVAL,
              "mknodat with a bad type: EINVAL");
    CHECK_EQ(syscall(SYS_mknodat, AT_FDCWD, t_path("reg"), S_IFREG | 0600, 0), 0,
             "mknodat S_IFREG makes a file");
    CHECK_EQ(syscall(SYS_mknodat, AT_FDCWD, t_path("null"), S_IFCHR | 0600, makedev(1, 3)), 0,
             "mknodat a character device as root");
    int nfd = open(t_path("null"), O_WRONLY);
    CHECK(nfd >= 0 && write(nfd, "x", 1) == 1, "the new node is /dev/null");
    close(nfd);

    /* O_NONBLOCK opens */
    int r = open(f, O_RDONLY | O_NONBLOCK);
    CHECK(r >= 0, "a non-blocking open for reading without a writer succeeds");
    char buf[16];
    CHECK_EQ(read(r, buf, sizeof(buf)), 0, "read with no writer ever: 0 (EOF)");
    int w = open(f, O_WRONLY | O_NONBLOCK);
    CHECK(w >= 0, "a non-blocking open for writing with a reader succeeds");
    CHECK_ERR(read(r, buf, sizeof(buf)), EAGAIN, "read with a writer but no data: EAGAIN");
    CHECK_EQ(write(w, "fifo!", 5), 5, "write into the FIFO");
    CHECK_EQ(read(r, buf, sizeof(buf)), 5, "read it back");
    CHECK(memcmp(buf, "fifo!", 5) == 0, "same bytes");
    CHECK_ERR(lseek(r, 0, SEEK_SET), ESPIPE, "lseek on a FIFO: ESPIPE");
    close(w);
    CHECK_EQ(read(r, buf, sizeof(buf)), 0, "EOF when the writer closes");
    close(r);
    CHECK_ERR(open(f, O_WRONLY | O_NONBLOCK), ENXIO,
              "a non-blocking open for writing without a reader: ENXIO");
    int rw = open(f, O_RDWR);
    CHECK(rw >= 0, "O_RDWR open of a FIFO does not block (Linux)");
    CHECK_EQ(write(rw, "z", 1), 1, "it can write");
    CHECK_EQ(read(rw, buf, 1), 1, "and read its own data");
    close(rw);

    /* blocking rendezvous */
    pid_t k = fork();
    if (k == 0) {
        int fd = open(f, O_WRONLY); /* blocks until the parent opens */
        if (fd < 0)
            _exit(1);
        write(fd, "hi", 2);
        close(fd);
        _exit(0);
    }
    t_msleep(20);
    r = open(f, O_RDONLY);
    CHECK(r >= 0, "a blocking open for reading meets the blocked writer");
    memset(buf, 0, sizeof(buf));
    long got = 0, n;
    while ((n = read(r, buf + got, sizeof(buf) - (size_t)got)) > 0)
        got += n;
    CHECK(got == 2 && memcmp(buf, "hi", 2) == 0, "the data arrives, then EOF");
    close(r);
    int s = t_wait(k);
    CHECK(EXITED_WITH(s, 0), "the writer finished");
    k = fork();
    if (k == 0) {
        int fd = open(f, O_RDONLY); /* blocks for a writer */
        char c;
        _exit(fd >= 0 && read(fd, &c, 1) == 1 && c == 'q' ? 0 : 1);
    }
    t_msleep(20);
    w = open(f, O_WRONLY);
    CHECK(w >= 0, "a blocking open for writing meets the blocked reader");
    write(w, "q", 1);
    s = t_wait(k);
    CHECK(EXITED_WITH(s, 0), "the reader got the byte");
    /* the reader is gone: EPIPE */
    signal(SIGPIPE, SIG_IGN);
    CHECK_ERR(write(w, "x", 1), EPIPE, "writing after the reader left: EPIPE");
    close(w);

    CHECK_EQ(unlink(f), 0, "unlink the FIFO");
    unlink(t_path("reg"));
    unlink(t_path("null"));
    return t_done();
}
