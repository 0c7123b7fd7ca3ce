/* panic: report a kernel bug and stop. Prints the message, the registers
 * of the trap (if any), a symbolized backtrace, then halts or reboots as
 * the panic= command-line option asks (Linux semantics: 0 halts, negative
 * reboots at once, N > 0 reboots after N seconds). */
#include <kernel/arch.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/trap_frame.h>

void arch_dump_frame(const struct trap_frame *f);

static volatile int panicking;
int panic_timeout_s; /* set from the command line (kernel/core/main.c) */

static void __attribute__((noreturn)) panic_finish(void)
{
    pr_emerg("---[ end Kernel panic ]---\n");
    if (panic_timeout_s < 0)
        arch_reboot();
    if (panic_timeout_s > 0) {
        uint64_t end = arch_counter_read() + (uint64_t)panic_timeout_s * arch_counter_freq();
        while (arch_counter_read() < end)
            arch_cpu_relax();
        arch_reboot();
    }
    arch_halt();
}

static void panic_begin(const char *fmt, va_list ap)
{
    arch_irq_disable();
    if (__atomic_fetch_add(&panicking, 1, __ATOMIC_SEQ_CST) > 0) {
        /* A panic inside panic: print nothing more, just stop. */
        arch_halt();
    }
    console_enter_panic_mode();
    pr_emerg("Kernel panic: ");
    vprintk(LOG_EMERG, fmt, ap);
    pr_emerg("\n");
}

void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    panic_begin(fmt, ap);
    va_end(ap);
    backtrace_print((uint64_t)__builtin_return_address(0), (uint64_t)__builtin_frame_address(0));
    panic_finish();
}

void panic_frame(const struct trap_frame *frame, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    panic_begin(fmt, ap);
    va_end(ap);
    arch_dump_frame(frame);
    backtrace_print(frame->pc, frame->regs[29]);
    panic_finish();
}
