/* The ARM generic timer (ARM DDI 0487 L.b, D12): the EL1 virtual timer
 * (CNTV_*) drives the scheduler tick; CNTVCT_EL0 is the monotonic clock.
 * Under QEMU -icount shift=0 the counter advances with instructions, which
 * makes boot-time measurements deterministic. */
#include <kernel/arch.h>
#include <kernel/machine.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/timer.h>
#include <uapi/errno.h>

#include "sysreg.h"

#define CNTV_CTL_ENABLE (1UL << 0)
#define CNTV_CTL_IMASK  (1UL << 1)

#define VIRTUAL_TIMER_PPI_INDEX     2 /* DT order: secure, non-secure, virtual, hyp */
#define DEFAULT_VIRTUAL_TIMER_INTID 27

static uint64_t tick_interval; /* counter ticks per scheduler tick */
static uint64_t tick_count;    /* boot CPU ticks; written only by the tick handler */
/* Each CPU's next scheduler tick in counter ticks. The comparator holds the
 * earlier of it and the next kernel-timer deadline (kernel/time/timer.c).
 * Touched only by its CPU with interrupts masked. */
static uint64_t next_tick[MAX_CPUS];

uint64_t clock_monotonic_ns(void)
{
    uint64_t freq = arch_counter_freq();
    uint64_t c = arch_counter_read();
    return c / freq * 1000000000ULL + c % freq * 1000000000ULL / freq;
}

uint64_t timer_ticks(void)
{
    return __atomic_load_n(&tick_count, __ATOMIC_RELAXED);
}

/* Counter value at which clock_monotonic_ns() first reads >= ns (rounded
 * up, so a timer never fires early). */
static uint64_t ns_to_counter(uint64_t ns)
{
    uint64_t freq = arch_counter_freq();
    uint64_t c = ns / 1000000000ULL * freq;
    return c + ((ns % 1000000000ULL) * freq + 999999999ULL) / 1000000000ULL;
}

static void program_comparator(uint64_t timer_deadline_ns)
{
    uint64_t cval = next_tick[arch_cpu_id()];
    if (timer_deadline_ns != KTIME_NEVER) {
        uint64_t t = ns_to_counter(timer_deadline_ns);
        if (t < cval)
            cval = t;
    }
    write_sysreg(cntv_cval_el0, cval);
    isb();
}

void timer_program_event(uint64_t deadline_ns)
{
    unsigned long flags = arch_irq_save();
    uint64_t t = ns_to_counter(deadline_ns);
    if (t < read_sysreg(cntv_cval_el0)) {
        write_sysreg(cntv_cval_el0, t);
        isb();
    }
    arch_irq_restore(flags);
}

static void timer_irq(unsigned intid, void *data)
{
    UNUSED(intid);
    UNUSED(data);
    unsigned cpu = arch_cpu_id();
    uint64_t now = arch_counter_read();
    bool tick = now >= next_tick[cpu];
    if (tick) {
        /* Relative to the previous tick, so ticks do not drift. */
        next_tick[cpu] += tick_interval;
        if (next_tick[cpu] <= now)
            next_tick[cpu] = now + tick_interval;
        if (cpu == 0)
            __atomic_store_n(&tick_count, tick_count + 1, __ATOMIC_RELAXED);
        arch_this_cpu()->ticks++;
    }
    program_comparator(ktimers_run(clock_monotonic_ns()));
    if (tick)
        sched_tick();
}

int timer_init(const struct dt_platform *plat)
{
    uint64_t freq = arch_counter_freq();
    if (!freq && plat->timer_freq_hz)
        freq = plat->timer_freq_hz; /* firmware left CNTFRQ_EL0 unset */
    if (!freq)
        return -ENODEV;
    tick_interval = freq / TICK_HZ;
    unsigned intid = plat->has_timer && plat->timer_irq[VIRTUAL_TIMER_PPI_INDEX]
                         ? plat->timer_irq[VIRTUAL_TIMER_PPI_INDEX]
                         : DEFAULT_VIRTUAL_TIMER_INTID;
    int err = irq_register(intid, timer_irq, NULL);
    if (err)
        return err;
    next_tick[arch_cpu_id()] = arch_counter_read() + tick_interval;
    write_sysreg(cntv_cval_el0, next_tick[arch_cpu_id()]);
    write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
    isb();
    irq_unmask(intid);
    return 0;
}

void timer_delay_ns(uint64_t ns)
{
    uint64_t freq = arch_counter_freq();
    uint64_t end = arch_counter_read() + ns / 1000 * freq / 1000000 + 1;
    while (arch_counter_read() < end) {
        if (arch_irqs_enabled())
            arch_wait_for_interrupt();
        else
            arch_cpu_relax();
    }
}
