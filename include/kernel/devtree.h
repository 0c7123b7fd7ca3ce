/* What the kernel learns about the machine from the flattened device tree.
 * devtree_parse() (kernel/lib/devtree.c) fills this from a validated blob;
 * nothing else in the kernel reads the FDT for these facts. Portable: the
 * host unit tests feed it QEMU's own DTBs. */
#ifndef KERNEL_DEVTREE_H
#define KERNEL_DEVTREE_H

#include <kernel/types.h>

#define DT_MAX_MEM_REGIONS 16
#define DT_MAX_RESERVED    32
#define DT_MAX_CPUS        16
#define DT_MAX_VIRTIO      64
#define DT_BOOTARGS_MAX    1024
#define DT_SEED_MAX        128

struct dt_range {
    uint64_t base;
    uint64_t size;
};

enum dt_psci_conduit { DT_PSCI_NONE = 0, DT_PSCI_HVC, DT_PSCI_SMC };

struct dt_virtio_mmio {
    struct dt_range reg;
    uint32_t irq; /* GIC INTID (SPI n => 32 + n) */
};

struct dt_platform {
    char model[64]; /* /model, or "" */

    struct dt_range memory[DT_MAX_MEM_REGIONS]; /* /memory nodes' reg, in order */
    unsigned n_memory;

    /* /memreserve/ entries and /reserved-memory children with a reg
     * (all of them: no-map or not, the page allocator must not use them). */
    struct dt_range reserved[DT_MAX_RESERVED];
    unsigned n_reserved;

    char bootargs[DT_BOOTARGS_MAX];    /* /chosen bootargs, "" if none */
    bool has_initrd;                   /* /chosen linux,initrd-start/end */
    uint64_t initrd_start, initrd_end; /* physical, end exclusive */
    char stdout_path[64];              /* /chosen stdout-path, "" if none */
    /* /chosen rng-seed then kaslr-seed, as bytes (truncated to fit): seed
     * material for the random number generator (Linux
     * early_init_dt_scan_chosen / add_bootloader_randomness). */
    uint8_t seed[DT_SEED_MAX];
    uint32_t seed_len;

    /* First PL011 ("arm,pl011"); preferred: the one stdout-path names. */
    bool has_uart;
    struct dt_range uart;
    uint32_t uart_irq;      /* INTID */
    uint32_t uart_clock_hz; /* from its clocks' clock-frequency, 0 if unknown */

    /* GIC: "arm,gic-v3" => version 3; "arm,cortex-a15-gic" / "arm,gic-400" /
     * "arm,cortex-a9-gic" => version 2. */
    unsigned gic_version;       /* 0 if none found */
    struct dt_range gic_dist;   /* GICD */
    struct dt_range gic_cpu;    /* v2: GICC (second reg) */
    struct dt_range gic_redist; /* v3: first GICR region (second reg) */

    /* "arm,armv8-timer" (or armv7): INTIDs of the four PPIs, in DT order:
     * secure phys, non-secure phys, virtual, hypervisor. 0 if absent. */
    bool has_timer;
    uint32_t timer_irq[4];
    uint32_t timer_freq_hz; /* clock-frequency property, 0 if absent */

    enum dt_psci_conduit psci; /* /psci method "hvc" / "smc" */
    uint32_t psci_cpu_on;      /* cpu_on function id if given (PSCI 0.1), else 0 */

    struct {
        uint64_t mpidr;      /* reg of /cpus/cpu@N */
        char compatible[32]; /* e.g. "arm,cortex-a72" */
    } cpus[DT_MAX_CPUS];
    unsigned n_cpus;

    /* First available PL031 real-time clock ("arm,pl031"). */
    bool has_rtc;
    struct dt_range rtc;

    struct dt_virtio_mmio virtio[DT_MAX_VIRTIO];
    unsigned n_virtio;
};

/* Fill *plat from the blob (size = bytes available at blob). Returns 0, or a
 * negative errno with a static reason in *why (never NULL on error):
 * -EINVAL for a corrupt or truncated blob, -ENOENT if no memory node exists. */
int devtree_parse(const void *blob, size_t size, struct dt_platform *plat, const char **why);

#endif
