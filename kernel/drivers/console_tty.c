/* The console terminal: the portable line discipline (kernel/tty) on the
 * PL011. Input arrives from the UART interrupt; output is written polled
 * (the UART FIFO drains at line rate, which QEMU makes instant). This file
 * supplies the hooks include/kernel/tty.h asks of a driver. */
#include <kernel/console_tty.h>
#include <kernel/machine.h>
#include <kernel/sched.h>
#include <kernel/task.h>
#include <kernel/timer.h>
#include <kernel/tty.h>
#include <kernel/uart.h>
#include <kernel/wait.h>
#include <uapi/errno.h>

static struct tty console;
static struct wait_queue console_wq = WAIT_QUEUE_INIT(console_wq);

static void console_output(struct tty *tty, const char *buf, size_t n)
{
    UNUSED(tty);
    for (size_t i = 0; i < n; i++)
        uart_putc(buf[i]);
}

static void console_signal_pgrp(struct tty *tty, int pgrp, int sig)
{
    UNUSED(tty);
    task_signal_pgrp(pgrp, sig);
}

static int console_wait(struct tty *tty, uint32_t seq, uint64_t deadline_ns)
{
    int r = wait_event_interruptible_deadline(&console_wq, tty_wake_seq(tty) != seq,
                                              deadline_ns == TTY_NO_DEADLINE ? KTIME_NEVER
                                                                             : deadline_ns);
    if (r == -EINTR)
        return -TTY_ERESTARTSYS;
    return 0; /* woken or timed out: the line discipline re-checks */
}

static void console_wake(struct tty *tty)
{
    UNUSED(tty);
    wake_up_all(&console_wq);
}

static int console_pgrp_session(struct tty *tty, int pgrp)
{
    UNUSED(tty);
    return task_pgrp_session(pgrp);
}

static const struct tty_ops console_ops = {
    .output = console_output,
    .signal_pgrp = console_signal_pgrp,
    .wait = console_wait,
    .wake = console_wake,
    .now_ns = clock_monotonic_ns,
    .pgrp_session = console_pgrp_session,
};

static void console_rx(const unsigned char *buf, size_t n)
{
    tty_receive_buf(&console, buf, n);
}

void console_tty_init(void)
{
    tty_init(&console, "ttyAMA0", &console_ops, NULL);
    uart_set_rx_handler(console_rx);
}

struct tty *console_tty(void)
{
    return &console;
}

struct wait_queue *console_tty_wait_queue(void)
{
    return &console_wq;
}
