/* Terminals: the line discipline between a character device (the PL011
 * console) and the processes that read, write and ioctl /dev/console,
 * /dev/tty and /dev/ttyAMA0. It implements the POSIX General Terminal
 * Interface (XBD chapter 11): canonical line editing, noncanonical reads
 * with MIN/TIME, echo, input and output processing, signals from special
 * characters, job control and the controlling terminal, with Linux's
 * termios ABI and behaviour (termios(3), tty_ioctl(4), drivers/tty/n_tty.c).
 *
 * The code is portable (kernel/tty/, host-tested by tests/host/test_tty_*);
 * everything it needs from the kernel goes through struct tty_ops.
 *
 * Contexts:
 *   tty_receive_char/buf   interrupt context (the UART receive interrupt);
 *                          never sleeps.
 *   tty_read/write/ioctl   process context; may sleep through ops->wait.
 *   tty_poll, tty_fionread any context.
 *
 * Locking: tty->lock (a spinlock, so interrupts are masked while held)
 * guards all state. tty->write_lock (a mutex) keeps one write() together;
 * order: write_lock, then lock. ops->output (and ops->now_ns) are the only
 * hooks called with tty->lock held; so a driver must never hold a lock
 * that its output() takes while it calls tty_receive_char().
 *
 * Wiring: the system-call layer reads and writes through a kernel bounce
 * buffer (tty_read/tty_write never touch user memory, so nothing faults
 * under the spinlock) and moves ioctl arguments as tty_ioctl_info says.
 * A poller queues itself on the wait queue that ops->wake wakes before it
 * calls tty_poll.
 *
 * Not implemented: parity and break input (PARMRK, INPCK, BRKINT), ECHOPRT,
 * PENDIN, FLUSHO and VDISCARD, XCASE, hangup. Echo still goes out while
 * output is stopped (Linux holds it back until VSTART). */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

#include <kernel/mutex.h>
#include <kernel/spinlock.h>
#include <kernel/types.h>
#include <uapi/termios.h>

#define TTY_BUF_SIZE    4096 /* input queue, bytes (as Linux's N_TTY_BUF_SIZE) */
#define TTY_NO_DEADLINE UINT64_MAX

/* Signal numbers the tty sends (Linux asm-generic/signal.h values); kept
 * here until the kernel has its signal header. */
#define TTY_SIGHUP   1
#define TTY_SIGINT   2
#define TTY_SIGQUIT  3
#define TTY_SIGCONT  18
#define TTY_SIGTSTP  20
#define TTY_SIGTTIN  21
#define TTY_SIGTTOU  22
#define TTY_SIGWINCH 28

/* Linux's kernel-internal "restart the system call" code
 * (include/linux/errno.h): after the signal is handled the call restarts if
 * the handler has SA_RESTART or the signal stopped the process, else it
 * fails with EINTR. User space never sees it. */
#define TTY_ERESTARTSYS 512

/* poll(2) bits (asm-generic/poll.h values) returned by tty_poll(). */
#define TTY_POLLIN     0x0001
#define TTY_POLLOUT    0x0004
#define TTY_POLLRDNORM 0x0040
#define TTY_POLLWRNORM 0x0100

struct tty;

/* What the kernel (or a host test) supplies. All hooks except drain are
 * required. */
struct tty_ops {
    /* Send bytes to the device. Called with tty->lock held, from process
     * context (write, ioctl) or interrupt context (echo): must not sleep
     * and should be quick (polled FIFO writes or a copy into a TX ring). */
    void (*output)(struct tty *tty, const char *buf, size_t n);
    /* kill(-pgrp, sig). Called without tty->lock, possibly from interrupt
     * context (^C arrives there): must not sleep. */
    void (*signal_pgrp)(struct tty *tty, int pgrp, int sig);
    /* Sleep until tty_wake_seq(tty) != seq, or now_ns() >= deadline_ns
     * (TTY_NO_DEADLINE: none), or a signal is pending. Returns 0 when woken
     * or timed out (the caller re-checks everything), or a negative errno
     * (-EINTR or TTY_ERESTARTSYS, passed up to the system call) when a
     * signal is pending. Process context, tty->lock not held. Comparing
     * the sequence number after queueing on the wait queue (wait_prepare,
     * then the check, then schedule) makes a racing wake() harmless. */
    int (*wait)(struct tty *tty, uint32_t seq, uint64_t deadline_ns);
    /* Wake every task in wait() and every poller: the sequence number has
     * changed. Called without tty->lock, possibly from interrupt context. */
    void (*wake)(struct tty *tty);
    /* Monotonic time in nanoseconds (VTIME timers). Process context,
     * with or without tty->lock held. */
    uint64_t (*now_ns)(void);
    /* The session of process group pgrp, or -ESRCH if there is no such
     * group (TIOCSPGRP). Process context, tty->lock not held. */
    int (*pgrp_session)(struct tty *tty, int pgrp);
    /* Optional: sleep until the device has sent all output (tcdrain,
     * TCSETSW, TCSETSF); 0 or a negative errno if a signal interrupted.
     * NULL when output() is synchronous. Process context, lock not held. */
    int (*drain)(struct tty *tty);
};

/* Who is calling read/write/ioctl, as the kernel knows it. NULL means the
 * kernel itself: no job-control checks, no controlling-terminal requests. */
struct tty_caller {
    int pid;
    int pgrp;
    int sid; /* the caller is the session leader iff pid == sid */
    /* The caller's controlling terminal as the process records it, or
     * NULL. A record is stale once tty->session moved on (TIOCNOTTY by the
     * leader, a steal): tty_is_ctty_of() is the truth. */
    const struct tty *ctty;
    bool ttin_ignored;  /* SIGTTIN ignored or blocked by the caller */
    bool ttou_ignored;  /* SIGTTOU ignored or blocked by the caller */
    bool pgrp_orphaned; /* the caller's process group is orphaned (XBD 3 Definitions) */
    bool privileged;    /* CAP_SYS_ADMIN: steal with TIOCSCTTY 1, TIOCSTI */
};

struct tty {
    struct spinlock lock;    /* guards every field below but ops/driver_data/name */
    struct mutex write_lock; /* one writer at a time; taken before lock */
    const struct tty_ops *ops;
    void *driver_data;
    const char *name;

    struct termios2 termios;
    struct winsize winsize;
    int session; /* session whose controlling terminal this is; 0: none.
                  * Stored atomically: tty_is_ctty_of reads it unlocked. */
    int pgrp;    /* foreground process group; 0: none */

    /* Input queue. Positions count bytes ever queued (wrapping uint32_t);
     * the byte at position p is buf[p % TTY_BUF_SIZE].
     * [read_tail, canon_head): readable; in canonical mode, whole lines.
     * [canon_head, read_head): the line being edited (canonical mode only;
     * in noncanonical mode canon_head == read_head).
     * A set bit in delim marks a line terminator: '\n', VEOL, VEOL2, or an
     * end-of-file marker, stored as NUL (a terminator can't otherwise be
     * NUL, as a c_cc of 0 is disabled). */
    uint32_t read_tail;
    uint32_t canon_head;
    uint32_t read_head;
    unsigned char buf[TTY_BUF_SIZE];
    uint64_t delim[TTY_BUF_SIZE / 64];

    unsigned column;       /* output column, for tabs and erasing */
    unsigned canon_column; /* column where the line being edited began */
    bool lnext;            /* the next input byte is literal (VLNEXT) */
    bool stopped;          /* output stopped by VSTOP or TCOOFF */
    bool exclusive;        /* TIOCEXCL: the kernel refuses further opens */
    uint32_t wake_seq;     /* bumped (atomic store) on every change a sleeper
                            * may wait for; tty_wake_seq reads it unlocked */
    uint64_t rx_dropped;   /* input bytes dropped because the queue was full */
};

/* Initialise with Linux's default console termios (ICRNL IXON IUTF8,
 * OPOST ONLCR, B38400 CS8 CREAD HUPCL, ISIG ICANON ECHO ECHOE ECHOK
 * ECHOCTL ECHOKE IEXTEN, cc ^C ^\ ^? ^U ^D 0 1 0 ^Q ^S ^Z 0 ^R ^O ^W ^V 0),
 * a 24x80 window, no session. */
void tty_init(struct tty *tty, const char *name, const struct tty_ops *ops, void *driver_data);
void tty_default_termios(struct termios2 *t);

/* Input from the device: interrupt context, takes tty->lock, never sleeps.
 * Echoes through ops->output, signals through ops->signal_pgrp, then wakes
 * readers through ops->wake. */
void tty_receive_char(struct tty *tty, unsigned char c);
void tty_receive_buf(struct tty *tty, const unsigned char *buf, size_t n);

/* read(2) into a kernel buffer: bytes read (0 = end of file in canonical
 * mode, or a MIN=0 timeout), -EAGAIN (nonblock), -EIO (background read
 * with SIGTTIN ignored or an orphaned group), TTY_ERESTARTSYS (SIGTTIN was
 * sent to the caller's group), or what ops->wait returned. */
long tty_read(struct tty *tty, const struct tty_caller *who, char *buf, size_t n, bool nonblock);
/* write(2) from a kernel buffer with output processing: bytes written or a
 * negative errno as for tty_read (SIGTTOU with TOSTOP). */
long tty_write(struct tty *tty, const struct tty_caller *who, const char *buf, size_t n,
               bool nonblock);

/* How the system-call layer moves a request's argument: by value in arg,
 * or size bytes copied in before / out after tty_ioctl (through kbuf). */
enum tty_ioctl_arg {
    TTY_IOCTL_NONE,  /* no argument */
    TTY_IOCTL_VALUE, /* the integer arg itself */
    TTY_IOCTL_IN,    /* copy size bytes from user arg to kbuf first */
    TTY_IOCTL_OUT,   /* copy size bytes from kbuf to user arg on success */
};
struct tty_ioctl_info {
    enum tty_ioctl_arg kind;
    size_t size;
};
/* 0 and *info for a request tty_ioctl handles, else -ENOTTY. File-level
 * requests (FIONBIO, FIOASYNC, FIOCLEX, FIONCLEX) belong to the VFS. */
int tty_ioctl_info(unsigned cmd, struct tty_ioctl_info *info);
/* ioctl(2): 0 (or a count) or a negative errno; kbuf as tty_ioctl_info
 * says. Process context; may sleep (drain, stopped output). */
long tty_ioctl(struct tty *tty, const struct tty_caller *who, unsigned cmd, unsigned long arg,
               void *kbuf);

/* TTY_POLL* bits: readable as read() would return without waiting for
 * more input (a whole line; VMIN bytes if VTIME is 0), writable unless
 * output is stopped. Pollers sleep until ops->wake. */
unsigned tty_poll(struct tty *tty);
/* FIONREAD: bytes a read could return now (canonical: whole lines,
 * without end-of-file markers). */
int tty_fionread(struct tty *tty);
/* The sequence number ops->wait compares (atomic; any context). */
uint32_t tty_wake_seq(const struct tty *tty);

/* Job control for a process touching its controlling terminal (XBD
 * 11.1.4). sig is TTY_SIGTTIN (read) or TTY_SIGTTOU (write with TOSTOP,
 * changing settings). Returns 0 to go ahead; -EIO (SIGTTIN ignored or
 * blocked, or an orphaned group); or TTY_ERESTARTSYS after sending sig to
 * the caller's process group through ops->signal_pgrp. tty_read,
 * tty_write and tty_ioctl call it themselves. */
int tty_check_job_control(struct tty *tty, const struct tty_caller *who, int sig);

/* True if tty is the controlling terminal of session sid (any context). */
bool tty_is_ctty_of(const struct tty *tty, int sid);
/* open(2) without O_NOCTTY by a session leader with no controlling
 * terminal: the terminal becomes its controlling terminal if it has no
 * session (XBD 11.1.3). True if so: the kernel records it for the
 * process. Linux never does this for /dev/console: don't call it there. */
bool tty_open_set_ctty(struct tty *tty, const struct tty_caller *who);
/* The controlling process of session sid exits (XSH _exit): the terminal
 * loses its session and its foreground group gets SIGHUP. */
void tty_session_exit(struct tty *tty, int sid);

/* ---- Shared by the files in kernel/tty/ only. ---- */

/* Output gathered under tty->lock and handed to ops->output in pieces. */
#define TTY_OBUF_SIZE 64
struct tty_obuf {
    size_t len;
    char buf[TTY_OBUF_SIZE];
};
/* One byte through output processing (OPOST, XBD 11.2.3), tracking the
 * column. Caller holds tty->lock. */
void tty_out_char(struct tty *tty, struct tty_obuf *ob, unsigned char c);
void tty_out_flush(struct tty *tty, struct tty_obuf *ob);
/* Echo one input byte, as ^X when ECHOCTL and it is a control byte. */
void tty_echo_char(struct tty *tty, struct tty_obuf *ob, unsigned char c);
/* Drop all queued input. Caller holds tty->lock. */
void tty_flush_input_locked(struct tty *tty);
/* A termios change (c_lflag ICANON, c_iflag IXON) re-shapes the queue. */
void tty_termios_changed_locked(struct tty *tty, const struct termios2 *old);
/* Bump the sequence number; the caller calls ops->wake after unlocking. */
void tty_bump_seq_locked(struct tty *tty);
void tty_start_output_locked(struct tty *tty);
bool tty_is_ctty_locked(const struct tty *tty, const struct tty_caller *who);
/* The caller still has a controlling terminal (its record is not stale). */
bool tty_caller_has_ctty(const struct tty_caller *who);
/* TIOCNOTTY by the session leader of sid. Caller does not hold tty->lock. */
void tty_leader_disassociate(struct tty *tty, int sid);

/* The delimiter bit of queue position pos. Caller holds tty->lock. */
static inline bool tty_is_delim(const struct tty *tty, uint32_t pos)
{
    uint32_t i = pos % TTY_BUF_SIZE;
    return (tty->delim[i / 64] >> (i % 64)) & 1;
}

static inline void tty_set_delim(struct tty *tty, uint32_t pos, bool on)
{
    uint32_t i = pos % TTY_BUF_SIZE;
    uint64_t bit = (uint64_t)1 << (i % 64);
    tty->delim[i / 64] = on ? tty->delim[i / 64] | bit : tty->delim[i / 64] & ~bit;
}

static inline unsigned char tty_byte_at(const struct tty *tty, uint32_t pos)
{
    return tty->buf[pos % TTY_BUF_SIZE];
}

/* An end-of-file marker: a terminator stored as NUL. */
static inline bool tty_is_eof_marker(const struct tty *tty, uint32_t pos)
{
    return tty_is_delim(tty, pos) && tty_byte_at(tty, pos) == '\0';
}

static inline bool tty_lflag(const struct tty *tty, tcflag_t f)
{
    return (tty->termios.c_lflag & f) != 0;
}

static inline bool tty_iflag(const struct tty *tty, tcflag_t f)
{
    return (tty->termios.c_iflag & f) != 0;
}

static inline bool tty_oflag(const struct tty *tty, tcflag_t f)
{
    return (tty->termios.c_oflag & f) != 0;
}

/* True if c is the enabled special character c_cc[idx] (XBD 11.2.6:
 * _POSIX_VDISABLE disables it). */
static inline bool tty_is_cc(const struct tty *tty, int idx, unsigned char c)
{
    cc_t v = tty->termios.c_cc[idx];
    return v != _POSIX_VDISABLE && v == c;
}

/* The C locale's control characters: what ECHOCTL shows as ^X. */
static inline bool tty_is_ctrl(unsigned char c)
{
    return c < 0x20 || c == 0x7f;
}

/* A UTF-8 continuation byte, when the terminal is in UTF-8 mode (IUTF8):
 * such bytes take no column and are erased with their lead byte. */
static inline bool tty_is_utf8_cont(const struct tty *tty, unsigned char c)
{
    return tty_iflag(tty, IUTF8) && (c & 0xc0) == 0x80;
}

#endif
