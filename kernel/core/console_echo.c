/* Until user space exists, the console echoes what is typed, so the
 * interrupt-driven receive path is visible to a person at the keyboard. */
#include <kernel/arch.h>
#include <kernel/boot.h>
#include <kernel/printk.h>
#include <kernel/uart.h>

void console_echo_loop(void)
{
    pr_info("No user space yet: the console echoes what you type.\n");
    for (;;) {
        int c = uart_getc();
        if (c < 0) {
            arch_wait_for_interrupt();
            continue;
        }
        char ch = (char)c;
        if (ch == '\r')
            ch = '\n';
        console_write(&ch, 1);
    }
}
