/* The boot banner: what RustOS found on this machine. */
#include <kernel/arch.h>
#include <kernel/boot.h>
#include <kernel/cpuinfo.h>
#include <kernel/machine.h>
#include <kernel/page_alloc.h>
#include <kernel/printk.h>

#define MIB (1024 * 1024)

static void print_memory(const struct boot_info *b)
{
    const struct dt_platform *p = &b->plat;
    pr_info("Memory: %lu MiB RAM in %u region(s), %lu MiB free, %lu KiB reserved\n",
            (unsigned long)(b->ram_bytes / MIB), p->n_memory,
            (unsigned long)(page_alloc_free_pages() * PAGE_SIZE / MIB),
            (unsigned long)(b->reserved_bytes / 1024));
    for (unsigned i = 0; i < p->n_memory; i++)
        pr_info("  RAM      %#012lx-%#012lx\n", (unsigned long)p->memory[i].base,
                (unsigned long)(p->memory[i].base + p->memory[i].size - 1));
}

static void print_devices(const struct boot_info *b)
{
    const struct dt_platform *p = &b->plat;
    pr_info("Devices from the device tree:\n");
    if (p->has_uart)
        pr_info("  PL011    %#lx irq %u (console ttyAMA0)\n", (unsigned long)p->uart.base,
                p->uart_irq);
    if (p->gic_version == 2)
        pr_info("  GICv2    dist %#lx cpu %#lx\n", (unsigned long)p->gic_dist.base,
                (unsigned long)p->gic_cpu.base);
    else if (p->gic_version == 3)
        pr_info("  GICv3    dist %#lx redist %#lx\n", (unsigned long)p->gic_dist.base,
                (unsigned long)p->gic_redist.base);
    pr_info("  timer    %lu Hz, virtual timer irq %u, tick %u Hz\n",
            (unsigned long)arch_counter_freq(), p->timer_irq[2], TICK_HZ);
    pr_info("  PSCI     via %s\n", p->psci == DT_PSCI_HVC   ? "hvc"
                                   : p->psci == DT_PSCI_SMC ? "smc"
                                                            : "none");
    if (p->n_virtio)
        pr_info("  virtio   %u virtio-mmio slots at %#lx..%#lx\n", p->n_virtio,
                (unsigned long)p->virtio[0].reg.base,
                (unsigned long)p->virtio[p->n_virtio - 1].reg.base);
    if (p->has_initrd)
        pr_info("  initrd   %#lx-%#lx (%lu KiB)\n", (unsigned long)p->initrd_start,
                (unsigned long)p->initrd_end,
                (unsigned long)((p->initrd_end - p->initrd_start) / 1024));
}

void print_banner(const struct boot_info *b)
{
    struct cpu_info cpu;
    cpu_describe(&cpu);
    pr_info("\n");
    pr_info("RustOS %s (aarch64) on %s\n", RUSTOS_VERSION,
            b->plat.model[0] ? b->plat.model : "an unnamed machine");
    pr_info("CPU: %s r%up%u (MIDR %#lx), entered at EL%u, running at EL%u; %u CPU(s) in "
            "the device tree\n",
            cpu.name, cpu.variant, cpu.revision, (unsigned long)cpu.midr, b->entry_el,
            cpu.current_el, b->plat.n_cpus);
    print_memory(b);
    print_devices(b);
    pr_info("Command line: %s\n", b->plat.bootargs);
    /* Under QEMU -icount shift=0 one counter nanosecond is one instruction. */
    uint64_t c = arch_counter_read(), f = arch_counter_freq();
    pr_info("Banner reached %lu us after reset\n",
            (unsigned long)(c / f * 1000000 + c % f * 1000000 / f));
}
