/* The console terminal (ttyAMA0 / /dev/console): the line discipline of
 * kernel/tty on the boot UART. */
#ifndef KERNEL_CONSOLE_TTY_H
#define KERNEL_CONSOLE_TTY_H

struct tty;
struct wait_queue;

/* Take the UART's input over (after the UART interrupt is set up). */
void console_tty_init(void);
struct tty *console_tty(void);
/* Where readers and pollers of the console sleep (woken on every change). */
struct wait_queue *console_tty_wait_queue(void);

#endif
