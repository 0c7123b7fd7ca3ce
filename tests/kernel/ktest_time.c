/* The generic timer: the counter never goes backwards, the tick interrupt
 * arrives at TICK_HZ, and the monotonic clock agrees with it. */
#include <kernel/arch.h>
#include <kernel/ktest.h>
#include <kernel/machine.h>
#include <kernel/percpu.h>

KTEST(timer_counter_monotonic)
{
    uint64_t prev = arch_counter_read();
    for (int i = 0; i < 100000; i++) {
        uint64_t now = arch_counter_read();
        KT_ASSERT(now >= prev);
        prev = now;
    }
    KT_ASSERT(arch_counter_freq() >= 1000000);
    return KTEST_PASS;
}

KTEST(timer_tick_interrupts)
{
    KT_ASSERT(arch_irqs_enabled());
    uint64_t t0 = timer_ticks(), irq0 = arch_this_cpu()->irq_count;
    uint64_t ns0 = clock_monotonic_ns();
    timer_delay_ns(100 * 1000 * 1000); /* 100 ms: 25 ticks at 250 Hz */
    uint64_t ticks = timer_ticks() - t0;
    uint64_t elapsed_ms = (clock_monotonic_ns() - ns0) / 1000000;
    pr_info("  %lu ticks in %lu ms\n", (unsigned long)ticks, (unsigned long)elapsed_ms);
    KT_ASSERT(elapsed_ms >= 100);
    KT_ASSERT(arch_this_cpu()->irq_count - irq0 >= ticks);
    /* Allow one tick of slack each way, plus lateness of the delay loop. */
    KT_ASSERT(ticks + 1 >= 100 * TICK_HZ / 1000);
    KT_ASSERT(ticks <= (elapsed_ms + 4) * TICK_HZ / 1000 + 1);
    return KTEST_PASS;
}
