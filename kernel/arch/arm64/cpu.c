/* CPU-level hooks for portable code (include/kernel/arch.h): interrupt
 * masking, barriers, per-CPU pointer, counter, halt. */
#include <kernel/arch.h>
#include <kernel/percpu.h>

#include "cpu.h"
#include "sysreg.h"

struct percpu percpu_area[MAX_CPUS];

/* DAIF.I is bit 7 of the DAIF register (ARM DDI 0487 L.b, C5.2.2). */
#define DAIF_IRQ (1UL << 7)

unsigned long arch_irq_save(void)
{
    unsigned long flags = read_sysreg(daif);
    __asm__ volatile("msr daifset, #2" ::: "memory");
    return flags;
}

void arch_irq_restore(unsigned long flags)
{
    write_sysreg(daif, flags);
}

void arch_irq_enable(void)
{
    __asm__ volatile("msr daifclr, #2" ::: "memory");
}

void arch_irq_disable(void)
{
    __asm__ volatile("msr daifset, #2" ::: "memory");
}

bool arch_irqs_enabled(void)
{
    return !(read_sysreg(daif) & DAIF_IRQ);
}

void arch_wait_for_interrupt(void)
{
    __asm__ volatile("dsb sy\n\twfi" ::: "memory");
}

void arch_cpu_relax(void)
{
    __asm__ volatile("yield" ::: "memory");
}

void arch_mb(void)
{
    dsb(sy);
}

void arch_wmb(void)
{
    dsb(st);
}

void arch_rmb(void)
{
    dsb(ld);
}

struct percpu *arch_this_cpu(void)
{
    return (struct percpu *)read_sysreg(tpidr_el1);
}

unsigned arch_cpu_id(void)
{
    return arch_this_cpu()->id;
}

uint64_t arch_counter_read(void)
{
    /* ISB so the read is not hoisted above earlier instructions (D12.1.2). */
    isb();
    return read_sysreg(cntvct_el0);
}

uint64_t arch_counter_freq(void)
{
    return read_sysreg(cntfrq_el0);
}

void arch_halt(void)
{
    arch_irq_disable();
    for (;;)
        __asm__ volatile("wfi");
}

void cpu_setup_percpu(unsigned id, uint64_t overflow_stack_top)
{
    struct percpu *cpu = &percpu_area[id];
    cpu->id = id;
    cpu->mpidr = read_sysreg(mpidr_el1) & 0xff00ffffffUL;
    cpu->overflow_stack_top = overflow_stack_top;
    write_sysreg(tpidr_el1, cpu);
    isb();
}

/* MIDR_EL1 (D19.2.100): implementer [31:24], variant [23:20],
 * part number [15:4], revision [3:0]. */
void cpu_describe(struct cpu_info *info)
{
    static const struct {
        uint32_t part;
        const char *name;
    } arm_parts[] = {
        {0xd03, "Cortex-A53"},  {0xd04, "Cortex-A35"},  {0xd05, "Cortex-A55"},
        {0xd07, "Cortex-A57"},  {0xd08, "Cortex-A72"},  {0xd09, "Cortex-A73"},
        {0xd0b, "Cortex-A76"},  {0xd0c, "Neoverse-N1"}, {0xd40, "Neoverse-V1"},
        {0xd49, "Neoverse-N2"}, {0xd4f, "Neoverse-V2"}, {0xd41, "Cortex-A78"},
    };
    uint64_t midr = read_sysreg(midr_el1);
    info->midr = midr;
    info->implementer = (midr >> 24) & 0xff;
    info->part = (midr >> 4) & 0xfff;
    info->variant = (midr >> 20) & 0xf;
    info->revision = midr & 0xf;
    info->name = "unknown";
    if (info->implementer == 0x41) {
        for (size_t i = 0; i < ARRAY_SIZE(arm_parts); i++)
            if (arm_parts[i].part == info->part)
                info->name = arm_parts[i].name;
    } else if (info->implementer == 0x00 && info->part == 0x051) {
        info->name = "QEMU max";
    }
    info->current_el = (read_sysreg(CurrentEL) >> 2) & 3;
}

/* DCZID_EL0 (ARM DDI 0487 L.b, D23.2.39): BS = log2 of the block size in
 * words, DZP set when DC ZVA is prohibited. */
size_t arch_zero_blocks(void *dst, size_t n, size_t *done)
{
    uint64_t dczid = read_sysreg(dczid_el0);
    *done = 0;
    if (dczid & (1u << 4))
        return 0;
    size_t block = 4UL << (dczid & 0xf);
    uintptr_t start = ALIGN_UP((uintptr_t)dst, block);
    uintptr_t end = ALIGN_DOWN((uintptr_t)dst + n, block);
    if (start >= end || start < (uintptr_t)dst)
        return 0;
    for (uintptr_t a = start; a < end; a += block)
        __asm__ volatile("dc zva, %0" ::"r"(a) : "memory");
    *done = end - start;
    return start - (uintptr_t)dst;
}

/* CTR_EL0 (D23.2.34): DminLine (19:16) and IminLine (3:0) are log2 of the
 * smallest line in words. */
void arch_sync_icache(const void *va, size_t len)
{
    uint64_t ctr = read_sysreg(ctr_el0);
    uintptr_t dline = 4UL << ((ctr >> 16) & 0xf), iline = 4UL << (ctr & 0xf);
    uintptr_t start = (uintptr_t)va, end = start + len;
    for (uintptr_t a = ALIGN_DOWN(start, dline); a < end; a += dline)
        __asm__ volatile("dc cvau, %0" ::"r"(a) : "memory");
    __asm__ volatile("dsb ish" ::: "memory");
    for (uintptr_t a = ALIGN_DOWN(start, iline); a < end; a += iline)
        __asm__ volatile("ic ivau, %0" ::"r"(a) : "memory");
    __asm__ volatile("dsb ish\n\tisb" ::: "memory");
}
