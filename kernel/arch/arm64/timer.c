/* The ARM generic timer (ARM DDI 0487 L.b, D12): the EL1 virtual timer
 * (CNTV_*) drives the scheduler tick; CNTVCT_EL0 is the monotonic clock.
 * Under QEMU -icount shift=0 the counter advances with instructions, which
 * makes boot-time measurements deterministic. */
#include <kernel/arch.h>
#include <kernel/machine.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <uapi/errno.h>

#include "sysreg.h"

#define CNTV_CTL_ENABLE (1UL << 0)
#define CNTV_CTL_IMASK  (1UL << 1)

#define VIRTUAL_TIMER_PPI_INDEX     2 /* DT order: secure, non-secure, virtual, hyp */
#define DEFAULT_VIRTUAL_TIMER_INTID 27

static uint64_t tick_interval; /* counter ticks per scheduler tick */
static uint64_t tick_count;    /* boot CPU ticks; written only by the tick handler */

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

static void program_next_tick(void)
{
    /* Relative to the previous deadline, so ticks do not drift. */
    uint64_t next = read_sysreg(cntv_cval_el0) + tick_interval;
    uint64_t now = arch_counter_read();
    if (next <= now)
        next = now + tick_interval;
    write_sysreg(cntv_cval_el0, next);
}

static void timer_irq(unsigned intid, void *data)
{
    UNUSED(intid);
    UNUSED(data);
    __atomic_store_n(&tick_count, tick_count + 1, __ATOMIC_RELAXED);
    arch_this_cpu()->ticks++;
    program_next_tick();
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
    write_sysreg(cntv_cval_el0, arch_counter_read() + tick_interval);
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
