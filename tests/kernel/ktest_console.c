/* The console: kernel log buffer, symbol table, and the UART receive path
 * (internal loopback where the UART model supports it; bytes typed by the
 * test harness otherwise). */
#include <kernel/arch.h>
#include <kernel/ktest.h>
#include <kernel/machine.h>
#include <kernel/panic.h>
#include <kernel/string.h>
#include <kernel/uart.h>

static bool log_contains(const char *needle)
{
    static char buf[4096];
    uint64_t pos = 0;
    size_t n, keep = 0, nlen = strlen(needle);
    while ((n = printk_log_read(&pos, buf + keep, sizeof(buf) - 1 - keep)) > 0) {
        size_t len = keep + n;
        buf[len] = 0;
        for (size_t i = 0; i + nlen <= len; i++)
            if (!memcmp(buf + i, needle, nlen))
                return true;
        keep = MIN(len, nlen);
        memmove(buf, buf + len - keep, keep);
    }
    return false;
}

KTEST(printk_log_buffer_keeps_lines)
{
    pr_info("ktest marker %d\n", 4242);
    KT_ASSERT(log_contains("ktest marker 4242"));
    KT_ASSERT(!log_contains("never printed 9999"));
    return KTEST_PASS;
}

KTEST(kallsyms_resolves_functions)
{
    uint64_t off = 99;
    const char *name = kallsyms_lookup((uint64_t)kallsyms_lookup + 8, &off);
    KT_ASSERT(name && !strcmp(name, "kallsyms_lookup"));
    KT_ASSERT(off == 8);
    name = kallsyms_lookup((uint64_t)uart_putc, &off);
    KT_ASSERT(name && !strcmp(name, "uart_putc") && off == 0);
    return KTEST_PASS;
}

static int wait_byte(uint64_t ms)
{
    uint64_t end = clock_monotonic_ns() + ms * 1000000;
    int c;
    while ((c = uart_getc()) < 0 && clock_monotonic_ns() < end)
        arch_wait_for_interrupt();
    return c;
}

KTEST(uart_loopback)
{
    while (uart_getc() >= 0)
        ;
    uart_set_loopback(true);
    uart_putc('Z');
    int c = wait_byte(20);
    uart_set_loopback(false);
    if (c < 0)
        KT_SKIP("this UART model has no internal loopback");
    KT_ASSERT(c == 'Z');
    return KTEST_PASS;
}

/* The harness answers the prompt below on the serial line; the bytes must
 * arrive through the receive interrupt in order. */
KTEST(uart_receive_interrupt)
{
    const char *expect = "rx-check 0123456789\r";
    pr_info("ktest: type the receive check now\n");
    for (const char *p = expect; *p; p++) {
        int c = wait_byte(10000);
        if (c < 0 && p == expect)
            KT_SKIP("nobody typed on the console (run under tools/test-kernel.py)");
        KT_ASSERT(c == *p);
    }
    return KTEST_PASS;
}
