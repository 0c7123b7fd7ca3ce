/* Terminal input: what happens to each byte the device receives (XBD
 * 11.1.5 to 11.1.9 and 11.2): input mapping, flow control, signals from
 * special characters, canonical line editing with echo, and the input
 * queue. Runs in interrupt context under tty->lock; hooks that may take
 * other locks (signal_pgrp, wake) run after it is dropped. The order of
 * the checks follows Linux n_tty_receive_char_special: strip, flow
 * control, signals, CR/NL mapping, then editing. */
#include <kernel/string.h>
#include <kernel/tty.h>

/* Work for after tty->lock is released. */
struct rx_actions {
    int sig;  /* signal for pgrp; 0: none */
    int pgrp; /* foreground group when the signal character arrived */
};

static uint32_t queued(const struct tty *tty)
{
    return tty->read_head - tty->read_tail;
}

static bool line_empty(const struct tty *tty)
{
    return tty->read_head == tty->canon_head;
}

void tty_flush_input_locked(struct tty *tty)
{
    tty->read_tail = tty->read_head;
    tty->canon_head = tty->read_head;
    memset(tty->delim, 0, sizeof(tty->delim));
    tty->lnext = false;
    tty_bump_seq_locked(tty);
}

/* XBD 11.2.5 ICANON: switching modes re-shapes the queue as Linux
 * n_tty_set_termios does. Everything queued becomes readable (raw to
 * canonical: as one unterminated line), and terminator marks are dropped,
 * so a pending end-of-file marker reads as NUL in noncanonical mode. */
void tty_termios_changed_locked(struct tty *tty, const struct termios2 *old)
{
    if ((old->c_lflag ^ tty->termios.c_lflag) & ICANON) {
        memset(tty->delim, 0, sizeof(tty->delim));
        tty->canon_head = tty->read_head;
        tty->lnext = false;
    }
    if ((old->c_iflag & IXON) && !tty_iflag(tty, IXON))
        tty_start_output_locked(tty);
    tty_bump_seq_locked(tty); /* readers re-check VMIN, VTIME, ICANON */
}

/* The queue is full: drop the byte. IMAXBEL rings the bell instead of
 * echoing it (an extension; POSIX leaves overflow unspecified). */
static void drop(struct tty *tty, struct tty_obuf *ob)
{
    tty->rx_dropped++;
    if (tty_lflag(tty, ECHO) && tty_iflag(tty, IMAXBEL))
        tty_out_char(tty, ob, '\a');
}

static void put_byte(struct tty *tty, unsigned char c, bool delim)
{
    tty_set_delim(tty, tty->read_head, delim);
    tty->buf[tty->read_head % TTY_BUF_SIZE] = c;
    tty->read_head++;
}

/* An ordinary byte. In canonical mode one slot stays free so the line can
 * always be ended (Linux n_tty: a full line still takes its newline). */
static void store_char(struct tty *tty, struct tty_obuf *ob, unsigned char c, bool literal)
{
    bool canon = tty_lflag(tty, ICANON);
    if (queued(tty) >= (canon ? TTY_BUF_SIZE - 1 : TTY_BUF_SIZE)) {
        drop(tty, ob);
        return;
    }
    if (tty_lflag(tty, ECHO)) {
        if (line_empty(tty))
            tty->canon_column = tty->column;
        if (c == '\n' && !literal)
            tty_out_char(tty, ob, '\n');
        else
            tty_echo_char(tty, ob, c);
    }
    put_byte(tty, c, false);
    if (!canon) {
        tty->canon_head = tty->read_head;
        tty_bump_seq_locked(tty);
    }
}

enum terminator { TERM_NEWLINE, TERM_EOL, TERM_EOF };

/* A line ends (XBD 11.1.6): NL, EOL and EOL2 are part of the line; EOF is
 * not, and at the start of a line makes read() return 0. NL is echoed if
 * ECHO or ECHONL, EOL like any byte, EOF not at all (as Linux). */
static void end_line(struct tty *tty, struct tty_obuf *ob, unsigned char c, enum terminator kind)
{
    if (queued(tty) >= TTY_BUF_SIZE) {
        drop(tty, ob);
        return;
    }
    if (kind == TERM_NEWLINE && tty_lflag(tty, ECHO | ECHONL)) {
        tty_out_char(tty, ob, '\n');
    } else if (kind == TERM_EOL && tty_lflag(tty, ECHO)) {
        if (line_empty(tty))
            tty->canon_column = tty->column;
        tty_echo_char(tty, ob, c);
    }
    put_byte(tty, kind == TERM_EOF ? '\0' : c, true);
    tty->canon_head = tty->read_head;
    tty_bump_seq_locked(tty);
}

/* Columns an input byte took when echoed. */
static unsigned echo_width(const struct tty *tty, unsigned char c)
{
    if (tty_is_ctrl(c))
        return tty_lflag(tty, ECHOCTL) ? 2 : 0;
    return tty_is_utf8_cont(tty, c) ? 0 : 1;
}

/* The position where the last character of the edited line starts: a
 * UTF-8 sequence (IUTF8) goes as a whole. */
static uint32_t last_char_start(const struct tty *tty)
{
    uint32_t p = tty->read_head - 1;
    while (p != tty->canon_head && tty_is_utf8_cont(tty, tty_byte_at(tty, p)))
        p--;
    return p;
}

/* Columns the tab at position tab moved the cursor: to the next multiple
 * of 8 from where the bytes before it (back to the line start or a
 * previous tab, which ended on a multiple of 8) left it. */
static unsigned tab_width(const struct tty *tty, uint32_t tab)
{
    unsigned col = 0;
    bool after_tab = false;
    for (uint32_t p = tab; p != tty->canon_head;) {
        unsigned char c = tty_byte_at(tty, --p);
        if (c == '\t') {
            after_tab = true;
            break;
        }
        col += echo_width(tty, c);
    }
    if (!after_tab)
        col += tty->canon_column;
    return 8 - (col % 8);
}

/* Remove the last character of the edited line; with ECHOE, from the
 * screen too: "\b \b" per column, backspaces over a tab (XBD 11.2.5
 * ECHOE). Without ECHOE the ERASE character itself is echoed. */
static void erase_last(struct tty *tty, struct tty_obuf *ob, bool echo_erase, unsigned char erase)
{
    uint32_t start = last_char_start(tty);
    unsigned char c = tty_byte_at(tty, start);
    if (tty_lflag(tty, ECHO)) {
        if (echo_erase) {
            tty_echo_char(tty, ob, erase);
        } else if (c == '\t') {
            for (unsigned n = tab_width(tty, start); n > 0; n--)
                tty_out_char(tty, ob, '\b');
        } else {
            for (unsigned n = echo_width(tty, c); n > 0; n--) {
                tty_out_char(tty, ob, '\b');
                tty_out_char(tty, ob, ' ');
                tty_out_char(tty, ob, '\b');
            }
        }
    }
    tty->read_head = start;
}

static void erase_char(struct tty *tty, struct tty_obuf *ob, unsigned char c)
{
    if (!line_empty(tty))
        erase_last(tty, ob, !tty_lflag(tty, ECHOE), c);
}

static bool is_word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
           c >= 0x80;
}

/* VWERASE (IEXTEN): the last word and what follows it (Linux: as BSD
 * ALTWERASE, a word is letters, digits and '_'; bytes >= 0x80 count as
 * letters here so UTF-8 words go whole). */
static void erase_word(struct tty *tty, struct tty_obuf *ob)
{
    bool seen_word = false;
    while (!line_empty(tty)) {
        unsigned char c = tty_byte_at(tty, last_char_start(tty));
        if (is_word_byte(c))
            seen_word = true;
        else if (seen_word)
            break;
        erase_last(tty, ob, false, 0);
    }
}

/* VKILL (XBD 11.2.5 ECHOK; ECHOKE as Linux): with ECHOKE (and ECHOK,
 * ECHOE) the line is erased from the screen; otherwise the KILL
 * character is echoed, then a newline if ECHOK. */
static void kill_line(struct tty *tty, struct tty_obuf *ob, unsigned char c)
{
    if (line_empty(tty))
        return;
    if (!tty_lflag(tty, ECHO)) {
        tty->read_head = tty->canon_head;
        return;
    }
    if (!tty_lflag(tty, ECHOK) || !tty_lflag(tty, ECHOKE) || !tty_lflag(tty, ECHOE)) {
        tty->read_head = tty->canon_head;
        tty_echo_char(tty, ob, c);
        if (tty_lflag(tty, ECHOK))
            tty_out_char(tty, ob, '\n');
        return;
    }
    while (!line_empty(tty))
        erase_last(tty, ob, false, 0);
}

/* VREPRINT (IEXTEN, ECHO): ^R, a newline, and the line so far. */
static void reprint(struct tty *tty, struct tty_obuf *ob, unsigned char c)
{
    tty_echo_char(tty, ob, c);
    tty_out_char(tty, ob, '\n');
    tty->canon_column = tty->column;
    for (uint32_t p = tty->canon_head; p != tty->read_head; p++)
        tty_echo_char(tty, ob, tty_byte_at(tty, p));
}

/* VLNEXT (IEXTEN): the next byte is taken literally; "^\b" shows that. */
static void literal_next(struct tty *tty, struct tty_obuf *ob)
{
    tty->lnext = true;
    if (tty_lflag(tty, ECHO) && tty_lflag(tty, ECHOCTL)) {
        tty_out_char(tty, ob, '^');
        tty_out_char(tty, ob, '\b');
    }
}

/* Editing characters of canonical mode (XBD 11.1.6, 11.2.6). True if c
 * was one. */
static bool canon_special(struct tty *tty, struct tty_obuf *ob, unsigned char c)
{
    bool ext = tty_lflag(tty, IEXTEN);
    if (tty_is_cc(tty, VERASE, c))
        erase_char(tty, ob, c);
    else if (tty_is_cc(tty, VKILL, c))
        kill_line(tty, ob, c);
    else if (ext && tty_is_cc(tty, VWERASE, c))
        erase_word(tty, ob);
    else if (ext && tty_is_cc(tty, VLNEXT, c))
        literal_next(tty, ob);
    else if (ext && tty_lflag(tty, ECHO) && tty_is_cc(tty, VREPRINT, c))
        reprint(tty, ob, c);
    else if (c == '\n')
        end_line(tty, ob, c, TERM_NEWLINE);
    else if (tty_is_cc(tty, VEOF, c))
        end_line(tty, ob, c, TERM_EOF);
    else if (tty_is_cc(tty, VEOL, c) || (ext && tty_is_cc(tty, VEOL2, c)))
        end_line(tty, ob, c, TERM_EOL);
    else
        return false;
    return true;
}

/* IXON (XBD 11.1.8): VSTOP suspends output, VSTART resumes it; neither
 * is queued. With IXANY any byte resumes output and is then processed. */
static bool flow_control(struct tty *tty, unsigned char c)
{
    bool start = tty_is_cc(tty, VSTART, c), stop = tty_is_cc(tty, VSTOP, c);
    if (stop && !(start && tty->stopped)) {
        tty->stopped = true;
        tty_bump_seq_locked(tty);
        return true;
    }
    if (start) {
        tty_start_output_locked(tty);
        return true;
    }
    if (tty->stopped && tty_iflag(tty, IXANY))
        tty_start_output_locked(tty);
    return false;
}

/* ISIG (XBD 11.1.9): INTR, QUIT and SUSP signal the foreground process
 * group and, unless NOFLSH, discard the queued input. The character is
 * echoed (as ^C with ECHOCTL) and output restarts (Linux isig). */
static bool signal_char(struct tty *tty, struct tty_obuf *ob, unsigned char c,
                        struct rx_actions *act)
{
    int sig = tty_is_cc(tty, VINTR, c)   ? TTY_SIGINT
              : tty_is_cc(tty, VQUIT, c) ? TTY_SIGQUIT
              : tty_is_cc(tty, VSUSP, c) ? TTY_SIGTSTP
                                         : 0;
    if (!sig)
        return false;
    if (!tty_lflag(tty, NOFLSH))
        tty_flush_input_locked(tty);
    if (tty_iflag(tty, IXON))
        tty_start_output_locked(tty);
    if (tty_lflag(tty, ECHO))
        tty_echo_char(tty, ob, c);
    act->sig = sig;
    act->pgrp = tty->pgrp;
    return true;
}

static unsigned char map_input(const struct tty *tty, unsigned char c)
{
    if (tty_iflag(tty, ISTRIP))
        c &= 0x7f;
    if (tty_iflag(tty, IUCLC) && tty_lflag(tty, IEXTEN) && c >= 'A' && c <= 'Z')
        c += 'a' - 'A';
    return c;
}

static void receive_locked(struct tty *tty, unsigned char c, struct tty_obuf *ob,
                           struct rx_actions *act)
{
    c = map_input(tty, c);
    if (tty->lnext) {
        tty->lnext = false;
        store_char(tty, ob, c, true);
        return;
    }
    if (tty_iflag(tty, IXON) && flow_control(tty, c))
        return;
    if (tty_lflag(tty, ISIG) && signal_char(tty, ob, c, act))
        return;
    if (c == '\r') {
        if (tty_iflag(tty, IGNCR))
            return;
        if (tty_iflag(tty, ICRNL))
            c = '\n';
    } else if (c == '\n' && tty_iflag(tty, INLCR)) {
        c = '\r';
    }
    if (tty_lflag(tty, ICANON) && canon_special(tty, ob, c))
        return;
    store_char(tty, ob, c, false);
}

void tty_receive_char(struct tty *tty, unsigned char c)
{
    struct rx_actions act = {0, 0};
    struct tty_obuf ob;
    ob.len = 0;
    spin_lock(&tty->lock);
    uint32_t seq = tty->wake_seq;
    receive_locked(tty, c, &ob, &act);
    tty_out_flush(tty, &ob);
    bool changed = tty->wake_seq != seq;
    spin_unlock(&tty->lock);
    if (act.sig && act.pgrp > 0)
        tty->ops->signal_pgrp(tty, act.pgrp, act.sig);
    if (changed)
        tty->ops->wake(tty);
}

void tty_receive_buf(struct tty *tty, const unsigned char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tty_receive_char(tty, buf[i]);
}
