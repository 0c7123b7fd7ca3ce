/* Terminal ioctls on /dev/console: TCGETS/TCSETS, TIOCGWINSZ/TIOCSWINSZ,
 * TIOCGPGRP/TIOCSPGRP, TIOCGSID, FIONREAD, and ENOTTY on non-terminals.
 * Skips (prints "skip") when there is no terminal. The settings are
 * restored: the console is shared with testinit.
 * Linux: drivers/tty/tty_io.c, tty_ioctl.c, man 2 ioctl_tty. */
#include "t.h"

#include <sys/ioctl.h>
#include <termios.h>

int main(void)
{
    t_init("tty");
    int n = open("/dev/null", O_RDWR);
    struct termios t;
    CHECK_ERR(ioctl(n, TCGETS, &t), ENOTTY, "TCGETS on /dev/null: ENOTTY");
    int p[2];
    pipe(p);
    CHECK_ERR(ioctl(p[0], TCGETS, &t), ENOTTY, "TCGETS on a pipe: ENOTTY");
    CHECK_ERR(ioctl(p[0], TIOCGWINSZ, &t), ENOTTY, "TIOCGWINSZ on a pipe: ENOTTY");
    CHECK_ERR(ioctl(999, TCGETS, &t), EBADF, "TCGETS on a bad fd: EBADF");
    CHECK(!isatty(n) && !isatty(p[0]), "isatty is false for /dev/null and a pipe");
    close(p[0]);
    close(p[1]);
    close(n);

    int fd = open("/dev/console", O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (fd < 0 || !isatty(fd)) {
        SKIP("no terminal on /dev/console", "terminal ioctls");
        return t_done();
    }
    struct termios orig;
    CHECK_EQ(ioctl(fd, TCGETS, &orig), 0, "TCGETS on the console");
    CHECK(isatty(fd), "isatty");
    CHECK((orig.c_cflag & CSIZE) == CS8, "8-bit characters");
    CHECK_ERR(ioctl(fd, TCGETS, BADPTR), EFAULT, "TCGETS into a bad pointer: EFAULT");
    t = orig;
    t.c_lflag &= ~(tcflag_t)ECHO;
    t.c_cc[VMIN] = 3;
    CHECK_EQ(ioctl(fd, TCSETS, &t), 0, "TCSETS without ECHO, VMIN 3");
    struct termios back;
    ioctl(fd, TCGETS, &back);
    CHECK(!(back.c_lflag & ECHO) && back.c_cc[VMIN] == 3, "read back");
    CHECK_EQ(ioctl(fd, TCSETSW, &orig), 0, "TCSETSW restores the original settings");
    ioctl(fd, TCGETS, &back);
    CHECK(back.c_lflag == orig.c_lflag && back.c_cc[VMIN] == orig.c_cc[VMIN], "restored");
    CHECK_ERR(ioctl(fd, TCSETS, BADPTR), EFAULT, "TCSETS from a bad pointer: EFAULT");

    struct winsize ws, ows;
    CHECK_EQ(ioctl(fd, TIOCGWINSZ, &ows), 0, "TIOCGWINSZ");
    ws = ows;
    ws.ws_row = 33;
    ws.ws_col = 111;
    CHECK_EQ(ioctl(fd, TIOCSWINSZ, &ws), 0, "TIOCSWINSZ 33x111");
    memset(&ws, 0, sizeof(ws));
    ioctl(fd, TIOCGWINSZ, &ws);
    CHECK(ws.ws_row == 33 && ws.ws_col == 111, "the size reads back");
    ioctl(fd, TIOCSWINSZ, &ows);

    int q = -1;
    CHECK_EQ(ioctl(fd, FIONREAD, &q), 0, "FIONREAD on the console");
    CHECK(q >= 0, "a byte count (%d)", q);
    CHECK_ERR(ioctl(fd, 0x54ff, &q), ENOTTY, "an unknown tty ioctl: ENOTTY");

    /* Controlling terminal: a new session in a child takes the console. */
    pid_t k = fork();
    if (k == 0) {
        if (setsid() < 0)
            _exit(1);
        int c = open("/dev/console", O_RDWR | O_NONBLOCK); /* no O_NOCTTY */
        if (c < 0)
            _exit(2);
        pid_t pg = -1;
        if (ioctl(c, TIOCSCTTY, 1) != 0 && errno != EPERM)
            _exit(3);
        if (ioctl(c, TIOCGPGRP, &pg) != 0)
            _exit(0); /* no controlling tty: nothing more to check */
        if (pg != getpid())
            _exit(4);
        pid_t sid = -1;
        if (ioctl(c, TIOCGSID, &sid) != 0 || sid != getpid())
            _exit(5);
        if (ioctl(c, TIOCSPGRP, &(pid_t){999999}) != -1 || errno != ESRCH)
            _exit(6);
        int t2 = open("/dev/tty", O_RDWR | O_NONBLOCK);
        if (t2 < 0)
            _exit(7);
        _exit(0);
    }
    int st = t_wait(k);
    CHECK(EXITED_WITH(st, 0), "a session leader gets the console as controlling tty (step %d)",
          WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    pid_t pg;
    k = fork();
    if (k == 0) {
        setsid();
        _exit(ioctl(fd, TIOCGPGRP, &pg) == -1 && errno == ENOTTY ? 0 : 1);
    }
    st = t_wait(k);
    CHECK(EXITED_WITH(st, 0), "TIOCGPGRP on a tty that is not my controlling tty: ENOTTY");
    k = fork();
    if (k == 0) {
        setsid();
        _exit(open("/dev/tty", O_RDWR) == -1 && errno == ENXIO ? 0 : 1);
    }
    st = t_wait(k);
    CHECK(EXITED_WITH(st, 0), "/dev/tty without a controlling terminal: ENXIO");
    close(fd);
    return t_done();
}
