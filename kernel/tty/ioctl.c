/* Terminal ioctl requests (tty_ioctl(4)) on kernel buffers: settings,
 * flow and flush, window size, and the controlling terminal's session
 * and foreground process group. tty_ioctl_info tells the system-call
 * layer how each argument travels. */
#include <kernel/string.h>
#include <kernel/tty.h>
#include <uapi/errno.h>
#include <uapi/ioctl.h>

struct ioctl_entry {
    unsigned cmd;
    enum tty_ioctl_arg kind;
    size_t size;
};

static const struct ioctl_entry ioctl_table[] = {
    {TCGETS, TTY_IOCTL_OUT, sizeof(struct termios)},
    {TCSETS, TTY_IOCTL_IN, sizeof(struct termios)},
    {TCSETSW, TTY_IOCTL_IN, sizeof(struct termios)},
    {TCSETSF, TTY_IOCTL_IN, sizeof(struct termios)},
    {TCGETS2, TTY_IOCTL_OUT, sizeof(struct termios2)},
    {TCSETS2, TTY_IOCTL_IN, sizeof(struct termios2)},
    {TCSETSW2, TTY_IOCTL_IN, sizeof(struct termios2)},
    {TCSETSF2, TTY_IOCTL_IN, sizeof(struct termios2)},
    {TCSBRK, TTY_IOCTL_VALUE, 0},
    {TCSBRKP, TTY_IOCTL_VALUE, 0},
    {TIOCSBRK, TTY_IOCTL_NONE, 0},
    {TIOCCBRK, TTY_IOCTL_NONE, 0},
    {TCXONC, TTY_IOCTL_VALUE, 0},
    {TCFLSH, TTY_IOCTL_VALUE, 0},
    {TIOCOUTQ, TTY_IOCTL_OUT, sizeof(int)},
    {FIONREAD, TTY_IOCTL_OUT, sizeof(int)},
    {TIOCSTI, TTY_IOCTL_IN, sizeof(char)},
    {TIOCGWINSZ, TTY_IOCTL_OUT, sizeof(struct winsize)},
    {TIOCSWINSZ, TTY_IOCTL_IN, sizeof(struct winsize)},
    {TIOCEXCL, TTY_IOCTL_NONE, 0},
    {TIOCNXCL, TTY_IOCTL_NONE, 0},
    {TIOCGEXCL, TTY_IOCTL_OUT, sizeof(int)},
    {TIOCGETD, TTY_IOCTL_OUT, sizeof(int)},
    {TIOCSETD, TTY_IOCTL_IN, sizeof(int)},
    {TIOCSCTTY, TTY_IOCTL_VALUE, 0},
    {TIOCNOTTY, TTY_IOCTL_NONE, 0},
    {TIOCGPGRP, TTY_IOCTL_OUT, sizeof(int)},
    {TIOCSPGRP, TTY_IOCTL_IN, sizeof(int)},
    {TIOCGSID, TTY_IOCTL_OUT, sizeof(int)},
};

int tty_ioctl_info(unsigned cmd, struct tty_ioctl_info *info)
{
    for (size_t i = 0; i < ARRAY_SIZE(ioctl_table); i++) {
        if (ioctl_table[i].cmd == cmd) {
            info->kind = ioctl_table[i].kind;
            info->size = ioctl_table[i].size;
            return 0;
        }
    }
    return -ENOTTY;
}

static long put_int(void *kbuf, int v)
{
    memcpy(kbuf, &v, sizeof(v));
    return 0;
}

static int get_int(const void *kbuf)
{
    int v;
    memcpy(&v, kbuf, sizeof(v));
    return v;
}

/* ---- Settings (tcgetattr/tcsetattr, XBD 11.2) ---- */

/* Speeds of the CBAUD codes B0..B38400, then CBAUDEX|1..15. */
static const speed_t baud_table[] = {
    0,      50,      75,      110,     134,     150,     200,     300,     600,     1200,   1800,
    2400,   4800,    9600,    19200,   38400,   57600,   115200,  230400,  460800,  500000, 576000,
    921600, 1000000, 1152000, 1500000, 2000000, 2500000, 3000000, 3500000, 4000000,
};

static speed_t code_speed(tcflag_t code, speed_t other)
{
    if (code == BOTHER)
        return other;
    if (code & CBAUDEX)
        return baud_table[15 + (code & 0xf)];
    return baud_table[code & 0xf];
}

/* c_ospeed/c_ispeed follow the codes in c_cflag unless a code is BOTHER;
 * an input code of B0 means "as output" (XBD cfsetispeed). */
static void update_speeds(struct termios2 *t)
{
    t->c_ospeed = code_speed(t->c_cflag & CBAUD, t->c_ospeed);
    tcflag_t icode = (t->c_cflag & CIBAUD) >> IBSHIFT;
    t->c_ispeed = icode == B0 ? t->c_ospeed : code_speed(icode, t->c_ispeed);
}

static long get_termios(struct tty *tty, void *kbuf, bool is2)
{
    spin_lock(&tty->lock);
    struct termios2 t2 = tty->termios;
    spin_unlock(&tty->lock);
    if (is2) {
        memcpy(kbuf, &t2, sizeof(t2));
        return 0;
    }
    struct termios t;
    t.c_iflag = t2.c_iflag;
    t.c_oflag = t2.c_oflag;
    t.c_cflag = t2.c_cflag;
    t.c_lflag = t2.c_lflag;
    t.c_line = t2.c_line;
    memcpy(t.c_cc, t2.c_cc, NCCS);
    memcpy(kbuf, &t, sizeof(t));
    return 0;
}

/* A struct termios leaves the speed fields as they were. */
static void merge_termios(struct termios2 *to, const void *kbuf, bool is2)
{
    if (is2) {
        memcpy(to, kbuf, sizeof(*to));
    } else {
        struct termios t;
        memcpy(&t, kbuf, sizeof(t));
        to->c_iflag = t.c_iflag;
        to->c_oflag = t.c_oflag;
        to->c_cflag = t.c_cflag;
        to->c_lflag = t.c_lflag;
        memcpy(to->c_cc, t.c_cc, NCCS);
    }
    to->c_line = N_TTY;
    update_speeds(to);
}

static int drain(struct tty *tty)
{
    return tty->ops->drain ? tty->ops->drain(tty) : 0;
}

enum { SET_DRAIN = 1, SET_FLUSH = 2 };

/* TCSETS*: a background process gets SIGTTOU (XBD 11.1.4); TCSETSW waits
 * for output to drain, TCSETSF also discards unread input (XBD tcsetattr
 * TCSADRAIN, TCSAFLUSH). */
static long set_termios(struct tty *tty, const struct tty_caller *who, const void *kbuf, bool is2,
                        unsigned how)
{
    int r = tty_check_job_control(tty, who, TTY_SIGTTOU);
    if (r)
        return r;
    if (how & SET_DRAIN) {
        r = drain(tty);
        if (r)
            return r;
    }
    spin_lock(&tty->lock);
    struct termios2 old = tty->termios;
    merge_termios(&tty->termios, kbuf, is2);
    if (how & SET_FLUSH)
        tty_flush_input_locked(tty);
    tty_termios_changed_locked(tty, &old);
    spin_unlock(&tty->lock);
    tty->ops->wake(tty);
    return 0;
}

/* ---- Line control (tcsendbreak, tcdrain, tcflow, tcflush) ---- */

/* There is no break to send; what is left is waiting for output to
 * drain (TCSBRK with a nonzero argument is tcdrain). */
static long do_break(struct tty *tty, const struct tty_caller *who, unsigned cmd)
{
    int r = tty_check_job_control(tty, who, TTY_SIGTTOU);
    if (r)
        return r;
    return cmd == TIOCCBRK ? 0 : drain(tty);
}

static void send_flow_char(struct tty *tty, int idx)
{
    spin_lock(&tty->lock);
    char c = (char)tty->termios.c_cc[idx];
    if (c != _POSIX_VDISABLE)
        tty->ops->output(tty, &c, 1);
    spin_unlock(&tty->lock);
}

static long do_flow(struct tty *tty, const struct tty_caller *who, unsigned long arg)
{
    int r = tty_check_job_control(tty, who, TTY_SIGTTOU);
    if (r)
        return r;
    switch (arg) {
    case TCOOFF:
    case TCOON:
        spin_lock(&tty->lock);
        if (arg == TCOOFF) {
            tty->stopped = true;
            tty_bump_seq_locked(tty);
        } else {
            tty_start_output_locked(tty);
        }
        spin_unlock(&tty->lock);
        tty->ops->wake(tty);
        return 0;
    case TCIOFF:
        send_flow_char(tty, VSTOP);
        return 0;
    case TCION:
        send_flow_char(tty, VSTART);
        return 0;
    default:
        return -EINVAL;
    }
}

/* Output leaves through ops->output at once, so only input can be
 * discarded. */
static long do_flush(struct tty *tty, const struct tty_caller *who, unsigned long arg)
{
    int r = tty_check_job_control(tty, who, TTY_SIGTTOU);
    if (r)
        return r;
    if (arg != TCIFLUSH && arg != TCOFLUSH && arg != TCIOFLUSH)
        return -EINVAL;
    if (arg != TCOFLUSH) {
        spin_lock(&tty->lock);
        tty_flush_input_locked(tty);
        spin_unlock(&tty->lock);
        tty->ops->wake(tty);
    }
    return 0;
}

/* TIOCSTI: fake input, only on one's controlling terminal unless
 * privileged (Linux tiocsti). */
static long do_sti(struct tty *tty, const struct tty_caller *who, const void *kbuf)
{
    spin_lock(&tty->lock);
    bool mine = tty_is_ctty_locked(tty, who);
    spin_unlock(&tty->lock);
    if (who && !mine && !who->privileged)
        return -EPERM;
    tty_receive_char(tty, *(const unsigned char *)kbuf);
    return 0;
}

/* TIOCSWINSZ: a change sends SIGWINCH to the foreground group (Linux
 * tty_do_resize). */
static long set_winsize(struct tty *tty, const void *kbuf)
{
    struct winsize ws;
    memcpy(&ws, kbuf, sizeof(ws));
    spin_lock(&tty->lock);
    bool changed = memcmp(&ws, &tty->winsize, sizeof(ws)) != 0;
    if (changed)
        tty->winsize = ws;
    int fg = tty->pgrp;
    spin_unlock(&tty->lock);
    if (changed && fg > 0)
        tty->ops->signal_pgrp(tty, fg, TTY_SIGWINCH);
    return 0;
}

static long get_winsize(struct tty *tty, void *kbuf)
{
    spin_lock(&tty->lock);
    struct winsize ws = tty->winsize;
    spin_unlock(&tty->lock);
    memcpy(kbuf, &ws, sizeof(ws));
    return 0;
}

/* TIOCEXCL: the kernel's open refuses further opens (EBUSY) unless
 * privileged while tty->exclusive is set. */
static long set_exclusive(struct tty *tty, bool on)
{
    spin_lock(&tty->lock);
    tty->exclusive = on;
    spin_unlock(&tty->lock);
    return 0;
}

static long get_exclusive(struct tty *tty, void *kbuf)
{
    spin_lock(&tty->lock);
    int on = tty->exclusive;
    spin_unlock(&tty->lock);
    return put_int(kbuf, on);
}

/* ---- The controlling terminal (XBD 11.1.3, tty_ioctl(4)) ---- */

/* TIOCSCTTY: a session leader without a controlling terminal takes this
 * one, unless another session has it (then only CAP_SYS_ADMIN with arg 1
 * steals it). Already ours: nothing to do. */
static long set_ctty_locked(struct tty *tty, const struct tty_caller *who, unsigned long arg)
{
    bool leader = who->pid == who->sid;
    if (leader && tty->session == who->sid)
        return 0;
    bool may_take = leader && !tty_caller_has_ctty(who);
    bool available = tty->session == 0 || (arg == 1 && who->privileged);
    if (!may_take || !available)
        return -EPERM;
    __atomic_store_n(&tty->session, who->sid, __ATOMIC_RELEASE);
    tty->pgrp = who->pgrp;
    return 0;
}

static long set_ctty(struct tty *tty, const struct tty_caller *who, unsigned long arg)
{
    if (!who)
        return -EPERM;
    spin_lock(&tty->lock);
    long r = set_ctty_locked(tty, who, arg);
    spin_unlock(&tty->lock);
    return r;
}

static bool is_mine(struct tty *tty, const struct tty_caller *who)
{
    spin_lock(&tty->lock);
    bool mine = tty_is_ctty_locked(tty, who);
    spin_unlock(&tty->lock);
    return mine;
}

/* TIOCNOTTY: only for one's controlling terminal. The kernel then drops
 * the caller's record of it; when the leader does this, the whole session
 * loses it and the foreground group gets SIGHUP and SIGCONT. */
static long notty(struct tty *tty, const struct tty_caller *who)
{
    if (!is_mine(tty, who))
        return -ENOTTY;
    if (who->pid == who->sid)
        tty_leader_disassociate(tty, who->sid);
    return 0;
}

/* TIOCGPGRP, TIOCGSID: only on one's controlling terminal (Linux). */
static long get_id(struct tty *tty, const struct tty_caller *who, void *kbuf, bool session)
{
    spin_lock(&tty->lock);
    bool mine = tty_is_ctty_locked(tty, who);
    int v = session ? tty->session : tty->pgrp;
    spin_unlock(&tty->lock);
    return mine ? put_int(kbuf, v) : -ENOTTY;
}

/* TIOCSPGRP (tcsetpgrp): from a background group SIGTTOU first; the
 * group must exist in the caller's session. */
static long set_pgrp(struct tty *tty, const struct tty_caller *who, const void *kbuf)
{
    int r = tty_check_job_control(tty, who, TTY_SIGTTOU);
    if (r)
        return r == -EIO ? -ENOTTY : r;
    if (!is_mine(tty, who))
        return -ENOTTY;
    int pgrp = get_int(kbuf);
    if (pgrp < 0)
        return -EINVAL;
    int sid = pgrp == 0 ? -ESRCH : tty->ops->pgrp_session(tty, pgrp);
    if (sid < 0)
        return -ESRCH;
    if (sid != who->sid)
        return -EPERM;
    spin_lock(&tty->lock);
    if (tty_is_ctty_locked(tty, who))
        tty->pgrp = pgrp;
    spin_unlock(&tty->lock);
    return 0;
}

static long ctty_ioctl(struct tty *tty, const struct tty_caller *who, unsigned cmd,
                       unsigned long arg, void *kbuf)
{
    switch (cmd) {
    case TIOCSCTTY:
        return set_ctty(tty, who, arg);
    case TIOCNOTTY:
        return notty(tty, who);
    case TIOCGPGRP:
        return get_id(tty, who, kbuf, false);
    case TIOCGSID:
        return get_id(tty, who, kbuf, true);
    case TIOCSPGRP:
        return set_pgrp(tty, who, kbuf);
    default:
        return -ENOTTY;
    }
}

static long termios_ioctl(struct tty *tty, const struct tty_caller *who, unsigned cmd,
                          unsigned long arg, void *kbuf)
{
    switch (cmd) {
    case TCGETS:
        return get_termios(tty, kbuf, false);
    case TCGETS2:
        return get_termios(tty, kbuf, true);
    case TCSETS:
        return set_termios(tty, who, kbuf, false, 0);
    case TCSETSW:
        return set_termios(tty, who, kbuf, false, SET_DRAIN);
    case TCSETSF:
        return set_termios(tty, who, kbuf, false, SET_DRAIN | SET_FLUSH);
    case TCSETS2:
        return set_termios(tty, who, kbuf, true, 0);
    case TCSETSW2:
        return set_termios(tty, who, kbuf, true, SET_DRAIN);
    case TCSETSF2:
        return set_termios(tty, who, kbuf, true, SET_DRAIN | SET_FLUSH);
    default:
        return ctty_ioctl(tty, who, cmd, arg, kbuf);
    }
}

long tty_ioctl(struct tty *tty, const struct tty_caller *who, unsigned cmd, unsigned long arg,
               void *kbuf)
{
    switch (cmd) {
    case TCSBRK:
    case TCSBRKP:
    case TIOCSBRK:
    case TIOCCBRK:
        return do_break(tty, who, cmd);
    case TCXONC:
        return do_flow(tty, who, arg);
    case TCFLSH:
        return do_flush(tty, who, arg);
    case TIOCOUTQ:
        return put_int(kbuf, 0); /* output is never queued here */
    case FIONREAD:
        return put_int(kbuf, tty_fionread(tty));
    case TIOCSTI:
        return do_sti(tty, who, kbuf);
    case TIOCGWINSZ:
        return get_winsize(tty, kbuf);
    case TIOCSWINSZ:
        return set_winsize(tty, kbuf);
    case TIOCEXCL:
    case TIOCNXCL:
        return set_exclusive(tty, cmd == TIOCEXCL);
    case TIOCGEXCL:
        return get_exclusive(tty, kbuf);
    case TIOCGETD:
        return put_int(kbuf, N_TTY);
    case TIOCSETD:
        return get_int(kbuf) == N_TTY ? 0 : -EINVAL;
    default:
        return termios_ioctl(tty, who, cmd, arg, kbuf);
    }
}
