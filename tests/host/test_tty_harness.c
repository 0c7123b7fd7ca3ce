/* A fake device and kernel for the terminal host tests, #included by each
 * tests/host/test_tty_<area>.c (mk/host-tty.mk rebuilds them when it
 * changes). One global tty; output is captured; signals are logged; the
 * clock is fake; and the wait hook stands in for the scheduler: it
 * delivers the next scripted input step (advancing the clock to its time)
 * or, if none is due before the deadline, advances the clock to the
 * deadline. With nothing scripted and no deadline it returns -EINTR, as
 * if a signal had interrupted a sleep that would never end.
 *
 * It also checks the hook contract: output() with tty->lock held, every
 * other hook without it. */
#include "test.h"

#include <kernel/tty.h>
#include <uapi/errno.h>
#include <uapi/ioctl.h>

#include <string.h>

/* Not every test file uses every helper. */
#define HARNESS static __attribute__((unused))

#define MAX_STEPS  16
#define MAX_SIGS   32
#define MAX_GROUPS 8

struct step {
    uint64_t at;       /* fake time the input arrives */
    const char *bytes; /* input, or NULL for a signal */
    size_t len;
    int err; /* what wait returns when bytes is NULL */
};

static struct fake {
    struct tty tty;
    char out[16384];
    size_t out_len;
    struct {
        int pgrp, sig;
    } sigs[MAX_SIGS];
    int nsigs;
    uint64_t now;
    struct step steps[MAX_STEPS];
    int nsteps, next_step;
    int waits, wakes, drains;
    struct {
        int pgrp, sid;
    } groups[MAX_GROUPS];
    int ngroups;
} F;

static void fake_output(struct tty *tty, const char *buf, size_t n)
{
    CHECK(spin_holding(&tty->lock));
    CHECK(F.out_len + n <= sizeof(F.out));
    if (F.out_len + n <= sizeof(F.out)) {
        memcpy(F.out + F.out_len, buf, n);
        F.out_len += n;
    }
}

static void fake_signal_pgrp(struct tty *tty, int pgrp, int sig)
{
    CHECK(!spin_holding(&tty->lock));
    CHECK(F.nsigs < MAX_SIGS);
    if (F.nsigs < MAX_SIGS) {
        F.sigs[F.nsigs].pgrp = pgrp;
        F.sigs[F.nsigs].sig = sig;
        F.nsigs++;
    }
}

static int fake_wait(struct tty *tty, uint32_t seq, uint64_t deadline)
{
    CHECK(!spin_holding(&tty->lock));
    F.waits++;
    if (tty_wake_seq(tty) != seq)
        return 0;
    if (F.next_step < F.nsteps && F.steps[F.next_step].at <= deadline) {
        struct step *s = &F.steps[F.next_step++];
        if (s->at > F.now)
            F.now = s->at;
        if (!s->bytes)
            return s->err;
        tty_receive_buf(tty, (const unsigned char *)s->bytes, s->len);
        return 0;
    }
    if (deadline != TTY_NO_DEADLINE) {
        if (deadline > F.now)
            F.now = deadline;
        return 0;
    }
    return -EINTR;
}

static void fake_wake(struct tty *tty)
{
    CHECK(!spin_holding(&tty->lock));
    F.wakes++;
}

static uint64_t fake_now(void)
{
    return F.now;
}

static int fake_pgrp_session(struct tty *tty, int pgrp)
{
    CHECK(!spin_holding(&tty->lock));
    for (int i = 0; i < F.ngroups; i++)
        if (F.groups[i].pgrp == pgrp)
            return F.groups[i].sid;
    return -ESRCH;
}

static int fake_drain(struct tty *tty)
{
    CHECK(!spin_holding(&tty->lock));
    F.drains++;
    return 0;
}

static const struct tty_ops fake_ops = {
    .output = fake_output,
    .signal_pgrp = fake_signal_pgrp,
    .wait = fake_wait,
    .wake = fake_wake,
    .now_ns = fake_now,
    .pgrp_session = fake_pgrp_session,
    .drain = fake_drain,
};

HARNESS struct tty *setup(void)
{
    memset(&F, 0, sizeof(F));
    tty_init(&F.tty, "test-tty", &fake_ops, NULL);
    return &F.tty;
}

HARNESS void add_group(int pgrp, int sid)
{
    F.groups[F.ngroups].pgrp = pgrp;
    F.groups[F.ngroups].sid = sid;
    F.ngroups++;
}

/* Input arriving at fake time at (ns) while a reader or writer sleeps. */
HARNESS void feed_at(uint64_t at, const char *bytes)
{
    F.steps[F.nsteps++] = (struct step){at, bytes, strlen(bytes), 0};
}

HARNESS void signal_at(uint64_t at, int err)
{
    F.steps[F.nsteps++] = (struct step){at, NULL, 0, err};
}

HARNESS void type_n(const char *s, size_t n)
{
    tty_receive_buf(&F.tty, (const unsigned char *)s, n);
}

#define TYPE(lit) type_n((lit), sizeof(lit) - 1)

HARNESS void print_escaped(const char *what, const char *s, size_t n)
{
    fprintf(stderr, "  %s (%zu): \"", what, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '\\')
            fputc(c, stderr);
        else
            fprintf(stderr, "\\x%02x", c);
    }
    fprintf(stderr, "\"\n");
}

HARNESS void check_bytes(const char *file, int line, const char *what, const char *got,
                         size_t got_n, const char *want, size_t want_n)
{
    if (got_n != want_n || memcmp(got, want, want_n) != 0) {
        print_escaped("want", want, want_n);
        print_escaped("got ", got, got_n);
        host_test_fail(file, line, what);
    }
}

/* The device output since the last check (then forgotten). */
HARNESS void check_out(const char *file, int line, const char *want, size_t n)
{
    check_bytes(file, line, "output", F.out, F.out_len, want, n);
    F.out_len = 0;
}

#define CHECK_OUT(lit) check_out(__FILE__, __LINE__, (lit), sizeof(lit) - 1)

/* A nonblocking read of up to n bytes returns exactly want. */
HARNESS void check_read(const char *file, int line, size_t n, const char *want, size_t want_n)
{
    char buf[8192];
    long r = tty_read(&F.tty, NULL, buf, n, true);
    if (r < 0) {
        fprintf(stderr, "  read returned %ld\n", r);
        host_test_fail(file, line, "read");
        return;
    }
    check_bytes(file, line, "read", buf, (size_t)r, want, want_n);
}

#define CHECK_READ(lit)      check_read(__FILE__, __LINE__, 8192, (lit), sizeof(lit) - 1)
#define CHECK_READ_N(n, lit) check_read(__FILE__, __LINE__, (n), (lit), sizeof(lit) - 1)

HARNESS long read_nb(void)
{
    char buf[64];
    return tty_read(&F.tty, NULL, buf, sizeof(buf), true);
}

HARNESS long write_str(const char *s)
{
    return tty_write(&F.tty, NULL, s, strlen(s), false);
}

HARNESS struct termios get_attr(void)
{
    struct termios t;
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCGETS, 0, &t), 0);
    return t;
}

HARNESS void set_attr(const struct termios *t)
{
    CHECK_EQ(tty_ioctl(&F.tty, NULL, TCSETS, 0, (void *)t), 0);
}

HARNESS void set_lflag(tcflag_t on, tcflag_t off)
{
    struct termios t = get_attr();
    t.c_lflag = (t.c_lflag | on) & ~off;
    set_attr(&t);
}

HARNESS void set_iflag(tcflag_t on, tcflag_t off)
{
    struct termios t = get_attr();
    t.c_iflag = (t.c_iflag | on) & ~off;
    set_attr(&t);
}

HARNESS void set_oflag(tcflag_t on, tcflag_t off)
{
    struct termios t = get_attr();
    t.c_oflag = (t.c_oflag | on) & ~off;
    set_attr(&t);
}

HARNESS void set_cc(int idx, cc_t v)
{
    struct termios t = get_attr();
    t.c_cc[idx] = v;
    set_attr(&t);
}

/* Noncanonical, no echo, VMIN/VTIME as given (cfmakeraw-like for input). */
HARNESS void set_raw(cc_t vmin, cc_t vtime)
{
    struct termios t = get_attr();
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    t.c_cc[VMIN] = vmin;
    t.c_cc[VTIME] = vtime;
    set_attr(&t);
}

HARNESS int fionread(void)
{
    int n = -1;
    CHECK_EQ(tty_ioctl(&F.tty, NULL, FIONREAD, 0, &n), 0);
    return n;
}

HARNESS struct tty_caller caller(int pid, int pgrp, int sid)
{
    struct tty_caller c;
    memset(&c, 0, sizeof(c));
    c.pid = pid;
    c.pgrp = pgrp;
    c.sid = sid;
    return c;
}

/* The usual picture: session 100 led by pid 100 owns the terminal with
 * group 100 in the foreground; group 200 is a background job of the same
 * session; session 300 is elsewhere. */
HARNESS struct tty_caller make_session(void)
{
    add_group(100, 100);
    add_group(200, 100);
    add_group(300, 300);
    struct tty_caller leader = caller(100, 100, 100);
    CHECK_EQ(tty_ioctl(&F.tty, &leader, TIOCSCTTY, 0, NULL), 0);
    leader.ctty = &F.tty;
    return leader;
}

#define CHECK_SIG(i, grp, signo)                                                                   \
    do {                                                                                           \
        CHECK((i) < F.nsigs);                                                                      \
        if ((i) < F.nsigs) {                                                                       \
            CHECK_EQ(F.sigs[i].pgrp, (grp));                                                       \
            CHECK_EQ(F.sigs[i].sig, (signo));                                                      \
        }                                                                                          \
    } while (0)
