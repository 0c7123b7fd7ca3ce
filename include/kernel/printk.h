/* Kernel log: printk with Linux log levels (0 emerg .. 7 debug), a boot
 * timestamp on every line, a ring buffer that keeps the log for later
 * readers (dmesg, /dev/kmsg), and the console for lines at or below the
 * console log level. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <kernel/types.h>
#include <stdarg.h>

enum log_level {
    LOG_EMERG = 0,
    LOG_ALERT,
    LOG_CRIT,
    LOG_ERR,
    LOG_WARNING,
    LOG_NOTICE,
    LOG_INFO,
    LOG_DEBUG,
};

void printk(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vprintk(int level, const char *fmt, va_list ap);

#define pr_emerg(...)  printk(LOG_EMERG, __VA_ARGS__)
#define pr_crit(...)   printk(LOG_CRIT, __VA_ARGS__)
#define pr_err(...)    printk(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)   printk(LOG_WARNING, __VA_ARGS__)
#define pr_notice(...) printk(LOG_NOTICE, __VA_ARGS__)
#define pr_info(...)   printk(LOG_INFO, __VA_ARGS__)
#define pr_debug(...)  printk(LOG_DEBUG, __VA_ARGS__)

/* Lines with a level below this reach the console (Linux console_loglevel). */
void printk_set_console_level(int level);
int printk_console_level(void);

/* Copy up to len bytes of the log, oldest first, starting at byte offset
 * *pos of the log stream; updates *pos. Returns bytes copied. */
size_t printk_log_read(uint64_t *pos, char *buf, size_t len);

/* Nanoseconds since the kernel started, for timestamps. */
uint64_t printk_time_ns(void);

/* Console sinks. The console driver registers its putc; panic switches to
 * lock-free output. */
void console_register(void (*putc)(char c));
void console_write(const char *s, size_t n);
void console_enter_panic_mode(void);

#endif
