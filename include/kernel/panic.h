/* Stopping the machine on a kernel bug: message, registers, backtrace. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include <kernel/types.h>

struct trap_frame;

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* Panic with the register state of a trap (exception entry). */
void panic_frame(const struct trap_frame *frame, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));

#define BUG_ON(cond)                                                                               \
    do {                                                                                           \
        if (unlikely(cond))                                                                        \
            panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__);                               \
    } while (0)

/* Symbol lookup in the kernel's own symbol table (tools/kallsyms.sh). */
const char *kallsyms_lookup(uint64_t addr, uint64_t *offset);

/* Print a backtrace walking frame records from fp (AAPCS64 frame chain). */
void backtrace_print(uint64_t pc, uint64_t fp);

#endif
