/* Terminal set-up, readiness and the controlling terminal: default
 * settings, poll/FIONREAD, job-control checks (XBD 11.1.3 and 11.1.4) and
 * session bookkeeping. Input is in ldisc.c, reading in read.c, output in
 * output.c, requests in ioctl.c. */
#include <kernel/string.h>
#include <kernel/tty.h>
#include <uapi/errno.h>

#define CTRL(c) ((c)&0x1f)

/* Linux's tty_std_termios plus IUTF8, which the Linux console sets too
 * (vt.c, default_utf8) so erasing treats a UTF-8 sequence as one character. */
void tty_default_termios(struct termios2 *t)
{
    memset(t, 0, sizeof(*t));
    t->c_iflag = ICRNL | IXON | IUTF8;
    t->c_oflag = OPOST | ONLCR;
    t->c_cflag = B38400 | CS8 | CREAD | HUPCL;
    t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
    t->c_line = N_TTY;
    t->c_cc[VINTR] = CTRL('C');
    t->c_cc[VQUIT] = CTRL('\\');
    t->c_cc[VERASE] = 0x7f;
    t->c_cc[VKILL] = CTRL('U');
    t->c_cc[VEOF] = CTRL('D');
    t->c_cc[VTIME] = 0;
    t->c_cc[VMIN] = 1;
    t->c_cc[VSTART] = CTRL('Q');
    t->c_cc[VSTOP] = CTRL('S');
    t->c_cc[VSUSP] = CTRL('Z');
    t->c_cc[VREPRINT] = CTRL('R');
    t->c_cc[VDISCARD] = CTRL('O');
    t->c_cc[VWERASE] = CTRL('W');
    t->c_cc[VLNEXT] = CTRL('V');
    t->c_ispeed = 38400;
    t->c_ospeed = 38400;
}

void tty_init(struct tty *tty, const char *name, const struct tty_ops *ops, void *driver_data)
{
    memset(tty, 0, sizeof(*tty));
    spin_init(&tty->lock, name);
    mutex_init(&tty->write_lock, name);
    tty->ops = ops;
    tty->driver_data = driver_data;
    tty->name = name;
    tty_default_termios(&tty->termios);
    tty->winsize.ws_row = 24;
    tty->winsize.ws_col = 80;
}

uint32_t tty_wake_seq(const struct tty *tty)
{
    return __atomic_load_n(&tty->wake_seq, __ATOMIC_ACQUIRE);
}

void tty_bump_seq_locked(struct tty *tty)
{
    __atomic_store_n(&tty->wake_seq, tty->wake_seq + 1, __ATOMIC_RELEASE);
}

/* Readable as read() sees it. For poll, noncanonical input with VTIME 0
 * is readable once VMIN bytes are there, as read would wait for them
 * (Linux input_available_p). */
static bool readable_locked(const struct tty *tty)
{
    if (tty_lflag(tty, ICANON))
        return tty->canon_head != tty->read_tail;
    uint32_t want = 1;
    if (tty->termios.c_cc[VTIME] == 0 && tty->termios.c_cc[VMIN] > 0)
        want = tty->termios.c_cc[VMIN];
    return tty->read_head - tty->read_tail >= want;
}

unsigned tty_poll(struct tty *tty)
{
    unsigned mask = 0;
    spin_lock(&tty->lock);
    if (readable_locked(tty))
        mask |= TTY_POLLIN | TTY_POLLRDNORM;
    if (!tty->stopped)
        mask |= TTY_POLLOUT | TTY_POLLWRNORM;
    spin_unlock(&tty->lock);
    return mask;
}

/* In canonical mode only whole lines count, and end-of-file markers are
 * no data (Linux n_tty_ioctl TIOCINQ). */
int tty_fionread(struct tty *tty)
{
    spin_lock(&tty->lock);
    uint32_t n;
    if (tty_lflag(tty, ICANON)) {
        n = 0;
        for (uint32_t p = tty->read_tail; p != tty->canon_head; p++)
            if (!tty_is_eof_marker(tty, p))
                n++;
    } else {
        n = tty->read_head - tty->read_tail;
    }
    spin_unlock(&tty->lock);
    return (int)n;
}

bool tty_is_ctty_of(const struct tty *tty, int sid)
{
    return sid > 0 && __atomic_load_n(&tty->session, __ATOMIC_ACQUIRE) == sid;
}

/* The caller's own controlling terminal (Linux: current->signal->tty == tty). */
bool tty_is_ctty_locked(const struct tty *tty, const struct tty_caller *who)
{
    return who && who->ctty == tty && tty->session != 0 && tty->session == who->sid;
}

bool tty_caller_has_ctty(const struct tty_caller *who)
{
    return who->ctty && tty_is_ctty_of(who->ctty, who->sid);
}

/* XBD 11.1.4: a process in a background process group touching its
 * controlling terminal. For reads, an ignored or blocked SIGTTIN means
 * EIO; for writes and settings, an ignored or blocked SIGTTOU means go
 * ahead. An orphaned group can't be stopped, so it gets EIO (Linux
 * __tty_check_change). */
int tty_check_job_control(struct tty *tty, const struct tty_caller *who, int sig)
{
    if (!who)
        return 0;
    spin_lock(&tty->lock);
    bool mine = tty_is_ctty_locked(tty, who);
    int fg = tty->pgrp;
    spin_unlock(&tty->lock);
    if (!mine || fg == 0 || who->pgrp == fg)
        return 0;
    bool ignored = sig == TTY_SIGTTIN ? who->ttin_ignored : who->ttou_ignored;
    if (ignored)
        return sig == TTY_SIGTTIN ? -EIO : 0;
    if (who->pgrp_orphaned)
        return -EIO;
    tty->ops->signal_pgrp(tty, who->pgrp, sig);
    return -TTY_ERESTARTSYS;
}

/* Linux tty_open_proc_set_tty: only a session leader without a
 * controlling terminal acquires one, and only a terminal that has none. */
bool tty_open_set_ctty(struct tty *tty, const struct tty_caller *who)
{
    if (!who || who->pid != who->sid || tty_caller_has_ctty(who))
        return false;
    bool set = false;
    spin_lock(&tty->lock);
    if (tty->session == 0) {
        __atomic_store_n(&tty->session, who->sid, __ATOMIC_RELEASE);
        tty->pgrp = who->pgrp;
        set = true;
    }
    spin_unlock(&tty->lock);
    return set;
}

/* Drop the session of sid; returns the foreground group it had (0: none)
 * or -1 if sid did not own the terminal. */
static int release_session(struct tty *tty, int sid)
{
    int fg = -1;
    spin_lock(&tty->lock);
    if (tty->session != 0 && tty->session == sid) {
        fg = tty->pgrp;
        __atomic_store_n(&tty->session, 0, __ATOMIC_RELEASE);
        tty->pgrp = 0;
    }
    spin_unlock(&tty->lock);
    return fg;
}

void tty_session_exit(struct tty *tty, int sid)
{
    int fg = release_session(tty, sid);
    if (fg > 0)
        tty->ops->signal_pgrp(tty, fg, TTY_SIGHUP);
}

/* TIOCNOTTY by the session leader (tty_ioctl(4)): SIGHUP and SIGCONT to
 * the foreground group, and the whole session loses the terminal. */
void tty_leader_disassociate(struct tty *tty, int sid)
{
    int fg = release_session(tty, sid);
    if (fg > 0) {
        tty->ops->signal_pgrp(tty, fg, TTY_SIGHUP);
        tty->ops->signal_pgrp(tty, fg, TTY_SIGCONT);
    }
}
