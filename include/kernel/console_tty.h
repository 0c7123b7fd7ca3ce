/* The console terminal (ttyAMA0 / /dev/console): the line discipline of
 * kernel/tty on the boot UART. */
#ifndef KERNEL_CONSOLE_TTY_H
#define KERNEL_CONSOLE_TTY_H

struct tty;

/* Take the UART's input over (after the UART interrupt is set up). */
void console_tty_init(void);
struct tty *console_tty(void);

#endif
