/* The kernel's printf-style formatter (kernel/lib/format.c), used by printk
 * and panic, so it allocates nothing and takes no lock.
 *
 * Semantics are snprintf's (ISO C11 7.21.6.5): at most size - 1 characters
 * are stored and the output is always NUL-terminated when size > 0 (buf may
 * be NULL when size is 0); the return value is the length the complete
 * output would have had, or -EOVERFLOW if that exceeds INT_MAX.
 *
 * Conversions (7.21.6.1): %d %i %u %x %X %o %c %s %p %%; flags - + space # 0;
 * field width and precision, each a number or '*'; length modifiers hh h l ll
 * z t j. A NULL %s prints "(null)". %p prints "0x" and exactly 16 hex digits
 * (width and '-' apply, other flags are ignored). No floating point, no %n;
 * an unknown conversion is copied to the output as written. */
#ifndef KERNEL_FORMAT_H
#define KERNEL_FORMAT_H

#include <kernel/types.h>
#include <stdarg.h>

int vsnformat(char *buf, size_t size, const char *fmt, va_list ap);
int snformat(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
