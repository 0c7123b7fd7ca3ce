/* Reading a terminal (XBD 11.1.5 to 11.1.7): one line per read in
 * canonical mode, the four MIN/TIME cases in noncanonical mode. The data
 * goes into a kernel buffer under tty->lock; the system-call layer copies
 * it out. */
#include <kernel/tty.h>
#include <uapi/errno.h>

#define NS_PER_TENTH 100000000ULL /* VTIME counts tenths of a second */

struct read_state {
    char *buf;
    size_t n;
    size_t copied;
    uint64_t deadline; /* TTY_NO_DEADLINE until a VTIME timer runs */
    bool timer_started;
};

/* XBD 11.1.6: up to and including the first terminator, never more than
 * one line. An end-of-file marker is consumed but not returned, also when
 * it directly follows a full buffer, so it never shows as a spurious EOF
 * on the next read. */
static size_t canon_copy_locked(struct tty *tty, char *buf, size_t n)
{
    size_t got = 0;
    while (tty->read_tail != tty->canon_head) {
        uint32_t p = tty->read_tail;
        bool delim = tty_is_delim(tty, p);
        if (tty_is_eof_marker(tty, p)) {
            tty_set_delim(tty, p, false);
            tty->read_tail++;
            break;
        }
        if (got == n)
            break;
        buf[got++] = (char)tty_byte_at(tty, p);
        tty->read_tail++;
        if (delim) {
            tty_set_delim(tty, p, false);
            break;
        }
    }
    return got;
}

static size_t raw_copy_locked(struct tty *tty, char *buf, size_t n)
{
    size_t got = 0;
    while (got < n && tty->read_tail != tty->read_head) {
        tty_set_delim(tty, tty->read_tail, false);
        buf[got++] = (char)tty_byte_at(tty, tty->read_tail++);
    }
    return got;
}

/* XBD 11.1.7, noncanonical: copy what is there, then decide. True when
 * the read is complete.
 *   MIN>0 TIME>0: MIN bytes, or TIME after the last byte (timer starts
 *                 with the first byte; blocks until then).
 *   MIN>0 TIME=0: MIN bytes.
 *   MIN=0 TIME>0: any byte, or 0 when TIME passes from the call.
 *   MIN=0 TIME=0: whatever is there, possibly 0.
 * A request smaller than MIN is satisfied by that many bytes. */
static bool raw_step_locked(struct tty *tty, struct read_state *st)
{
    unsigned vmin = tty->termios.c_cc[VMIN], vtime = tty->termios.c_cc[VTIME];
    size_t before = st->copied;
    st->copied += raw_copy_locked(tty, st->buf + st->copied, st->n - st->copied);
    if (vmin == 0) {
        if (st->copied > 0 || vtime == 0)
            return true;
        if (!st->timer_started) {
            st->deadline = tty->ops->now_ns() + vtime * NS_PER_TENTH;
            st->timer_started = true;
        }
        return false;
    }
    if (st->copied >= MIN((size_t)vmin, st->n))
        return true;
    if (vtime > 0 && st->copied > before)
        st->deadline = tty->ops->now_ns() + vtime * NS_PER_TENTH;
    return false;
}

/* One look at the queue: true (and *ret) when the read is over. */
static bool try_read_locked(struct tty *tty, struct read_state *st, long *ret)
{
    if (tty_lflag(tty, ICANON)) {
        if (st->copied > 0) { /* noncanonical bytes, then a mode switch */
            *ret = (long)st->copied;
            return true;
        }
        if (tty->canon_head == tty->read_tail)
            return false;
        *ret = (long)canon_copy_locked(tty, st->buf, st->n);
        return true;
    }
    if (raw_step_locked(tty, st)) {
        *ret = (long)st->copied;
        return true;
    }
    return false;
}

long tty_read(struct tty *tty, const struct tty_caller *who, char *buf, size_t n, bool nonblock)
{
    int r = tty_check_job_control(tty, who, TTY_SIGTTIN);
    if (r)
        return r;
    if (n == 0)
        return 0;
    struct read_state st = {buf, n, 0, TTY_NO_DEADLINE, false};
    long ret;
    spin_lock(&tty->lock);
    while (!try_read_locked(tty, &st, &ret)) {
        if (nonblock) {
            ret = st.copied ? (long)st.copied : -EAGAIN;
            break;
        }
        if (st.deadline != TTY_NO_DEADLINE && tty->ops->now_ns() >= st.deadline) {
            ret = (long)st.copied;
            break;
        }
        uint32_t seq = tty->wake_seq;
        spin_unlock(&tty->lock);
        int w = tty->ops->wait(tty, seq, st.deadline);
        spin_lock(&tty->lock);
        if (w < 0) {
            ret = st.copied ? (long)st.copied : w;
            break;
        }
    }
    spin_unlock(&tty->lock);
    return ret;
}
