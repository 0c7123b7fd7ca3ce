/* Terminal output: output processing (XBD 11.2.3, OPOST and friends),
 * echo rendering, the output column, and write(2) with flow control
 * (XBD 11.1.8: output stopped by VSTOP waits for VSTART). */
#include <kernel/tty.h>
#include <uapi/errno.h>

/* Bytes processed per hold of tty->lock: bounds how long a write keeps
 * interrupts masked. */
#define TTY_WRITE_CHUNK 128

void tty_out_flush(struct tty *tty, struct tty_obuf *ob)
{
    if (ob->len) {
        tty->ops->output(tty, ob->buf, ob->len);
        ob->len = 0;
    }
}

static void put(struct tty *tty, struct tty_obuf *ob, char c)
{
    if (ob->len == TTY_OBUF_SIZE)
        tty_out_flush(tty, ob);
    ob->buf[ob->len++] = c;
}

/* Where the cursor goes for a byte sent as is. */
static void advance_column(struct tty *tty, unsigned char c)
{
    if (c == '\r')
        tty->column = 0;
    else if (c == '\t')
        tty->column = (tty->column | 7) + 1;
    else if (c == '\b')
        tty->column -= tty->column > 0;
    else if (!tty_is_ctrl(c) && !tty_is_utf8_cont(tty, c))
        tty->column++;
}

static void out_newline(struct tty *tty, struct tty_obuf *ob)
{
    if (tty_oflag(tty, ONLCR)) {
        put(tty, ob, '\r');
        tty->column = 0;
    }
    put(tty, ob, '\n');
    if (tty_oflag(tty, ONLRET))
        tty->column = 0;
}

/* ONOCR: no CR at column 0; OCRNL: CR goes out as NL (a carriage return
 * only if ONLRET). */
static void out_return(struct tty *tty, struct tty_obuf *ob)
{
    if (tty_oflag(tty, ONOCR) && tty->column == 0)
        return;
    if (tty_oflag(tty, OCRNL)) {
        put(tty, ob, '\n');
        if (tty_oflag(tty, ONLRET))
            tty->column = 0;
        return;
    }
    put(tty, ob, '\r');
    tty->column = 0;
}

/* TAB3 (XTABS): tabs go out as spaces. */
static void out_tab(struct tty *tty, struct tty_obuf *ob)
{
    unsigned next = (tty->column | 7) + 1;
    if ((tty->termios.c_oflag & TABDLY) == XTABS) {
        while (tty->column < next) {
            put(tty, ob, ' ');
            tty->column++;
        }
        return;
    }
    put(tty, ob, '\t');
    tty->column = next;
}

void tty_out_char(struct tty *tty, struct tty_obuf *ob, unsigned char c)
{
    if (!tty_oflag(tty, OPOST)) {
        put(tty, ob, (char)c);
        advance_column(tty, c);
        return;
    }
    if (c == '\n') {
        out_newline(tty, ob);
    } else if (c == '\r') {
        out_return(tty, ob);
    } else if (c == '\t') {
        out_tab(tty, ob);
    } else {
        if (tty_oflag(tty, OLCUC) && c >= 'a' && c <= 'z')
            c -= 'a' - 'A';
        put(tty, ob, (char)c);
        advance_column(tty, c);
    }
}

/* ECHOCTL (an XSI/Linux extension): control bytes other than tab echo as
 * '^' and the byte + 64, DEL as "^?". */
void tty_echo_char(struct tty *tty, struct tty_obuf *ob, unsigned char c)
{
    if (tty_lflag(tty, ECHOCTL) && tty_is_ctrl(c) && c != '\t') {
        tty_out_char(tty, ob, '^');
        tty_out_char(tty, ob, c ^ 0x40);
        return;
    }
    tty_out_char(tty, ob, c);
}

void tty_start_output_locked(struct tty *tty)
{
    if (tty->stopped) {
        tty->stopped = false;
        tty_bump_seq_locked(tty);
    }
}

/* With tty->lock held: wait while output is stopped (returns with the
 * lock held): 0, -EAGAIN, or the wait hook's error. */
static int wait_output_started(struct tty *tty, bool nonblock)
{
    while (tty->stopped) {
        if (nonblock)
            return -EAGAIN;
        uint32_t seq = tty->wake_seq;
        spin_unlock(&tty->lock);
        int r = tty->ops->wait(tty, seq, TTY_NO_DEADLINE);
        spin_lock(&tty->lock);
        if (r < 0)
            return r;
    }
    return 0;
}

static bool tostop(struct tty *tty)
{
    spin_lock(&tty->lock);
    bool on = tty_lflag(tty, TOSTOP);
    spin_unlock(&tty->lock);
    return on;
}

/* XBD 11.1.4: with TOSTOP a background write gets SIGTTOU. A stop part
 * way returns the count written so far (partial write). */
long tty_write(struct tty *tty, const struct tty_caller *who, const char *buf, size_t n,
               bool nonblock)
{
    if (n == 0)
        return 0;
    if (who && tostop(tty)) {
        int r = tty_check_job_control(tty, who, TTY_SIGTTOU);
        if (r)
            return r;
    }
    size_t done = 0;
    long err = 0;
    mutex_lock(&tty->write_lock);
    while (done < n) {
        spin_lock(&tty->lock);
        err = wait_output_started(tty, nonblock);
        if (err) {
            spin_unlock(&tty->lock);
            break;
        }
        size_t chunk = MIN(n - done, (size_t)TTY_WRITE_CHUNK);
        struct tty_obuf ob;
        ob.len = 0;
        for (size_t i = 0; i < chunk; i++)
            tty_out_char(tty, &ob, (unsigned char)buf[done + i]);
        tty_out_flush(tty, &ob);
        spin_unlock(&tty->lock);
        done += chunk;
    }
    mutex_unlock(&tty->write_lock);
    return done ? (long)done : err;
}
