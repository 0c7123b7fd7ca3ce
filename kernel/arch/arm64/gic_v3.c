/* GICv3 (ARM IHI 0069H): memory-mapped distributor and redistributors,
 * CPU interface through ICC_* system registers. Affinity routing is on;
 * every interrupt is non-secure group 1, SPIs routed to the boot CPU. */
#include <kernel/arch.h>
#include <kernel/mmio.h>
#include <kernel/mmu.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <uapi/errno.h>

#include "gic.h"
#include "sysreg.h"

#define GICD_CTLR       0x0000
#define GICD_TYPER      0x0004
#define GICD_IGROUPR    0x0080
#define GICD_ISENABLER  0x0100
#define GICD_ICENABLER  0x0180
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR      0x0c00
#define GICD_IROUTER    0x6000
#define GICD_CTLR_RWP   (1U << 31)
/* Bits 0, 1 and 4 enable the groups and affinity routing whether the GIC
 * has one security state (EnableGrp0/1, ARE) or two (EnableGrp1NS/1A, ARE_NS). */
#define GICD_CTLR_ENABLE 0x13U

#define GICR_FRAME_STRIDE 0x20000 /* RD_base + SGI_base, 64 KiB each */
#define GICR_WAKER        0x0014
#define GICR_TYPER        0x0008
#define GICR_SGI          0x10000
#define GICR_IGROUPR0     (GICR_SGI + 0x080)
#define GICR_ISENABLER0   (GICR_SGI + 0x100)
#define GICR_ICENABLER0   (GICR_SGI + 0x180)
#define GICR_IPRIORITYR   (GICR_SGI + 0x400)
#define GICR_WAKER_SLEEP  (1U << 1)
#define GICR_WAKER_ASLEEP (1U << 2)
#define GICR_TYPER_LAST   (1U << 4)

#define ICC_PMR_EL1     "S3_0_C4_C6_0"
#define ICC_IAR1_EL1    "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1   "S3_0_C12_C12_1"
#define ICC_CTLR_EL1    "S3_0_C12_C12_4"
#define ICC_SRE_EL1     "S3_0_C12_C12_5"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"

static volatile void *gicd;
static volatile char *gicr_this; /* this CPU's redistributor (one CPU for now) */
static unsigned n_lines;

static void wait_rwp(void)
{
    for (int i = 0; i < 1000000 && (mmio_read32(gicd, GICD_CTLR) & GICD_CTLR_RWP); i++)
        ;
}

/* Find the redistributor whose GICR_TYPER affinity matches this CPU (9.11.35). */
static volatile char *find_redistributor(volatile char *base, size_t size, uint64_t mpidr)
{
    uint32_t aff = (uint32_t)((mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24);
    for (size_t off = 0; off + GICR_FRAME_STRIDE <= size; off += GICR_FRAME_STRIDE) {
        uint64_t typer = mmio_read64(base + off, GICR_TYPER);
        if ((uint32_t)(typer >> 32) == aff)
            return base + off;
        if (typer & GICR_TYPER_LAST)
            break;
    }
    return NULL;
}

static void redistributor_init(void)
{
    uint32_t waker = mmio_read32(gicr_this, GICR_WAKER);
    mmio_write32(gicr_this, GICR_WAKER, waker & ~GICR_WAKER_SLEEP);
    for (int i = 0; i < 1000000 && (mmio_read32(gicr_this, GICR_WAKER) & GICR_WAKER_ASLEEP); i++)
        ;
    mmio_write32(gicr_this, GICR_ICENABLER0, 0xffffffff);
    mmio_write32(gicr_this, GICR_IGROUPR0, 0xffffffff);
    for (unsigned i = 0; i < 32; i += 4)
        mmio_write32(gicr_this, GICR_IPRIORITYR + i, GIC_DEFAULT_PRIORITY * 0x01010101U);
}

static void cpu_interface_init(void)
{
    write_sysreg_s(ICC_SRE_EL1, read_sysreg_s(ICC_SRE_EL1) | 1); /* system-register interface */
    isb();
    write_sysreg_s(ICC_PMR_EL1, GIC_PRIORITY_MASK);
    write_sysreg_s(ICC_CTLR_EL1, 0); /* EOImode 0: EOIR also deactivates */
    write_sysreg_s(ICC_IGRPEN1_EL1, 1);
    isb();
}

static int v3_init(const struct dt_platform *plat)
{
    gicd = ioremap(plat->gic_dist.base, 0x10000);
    /* Map only the frames the CPUs in the device tree can use (QEMU's
     * region has room for 123 CPUs). */
    size_t span = MIN(plat->gic_redist.size, MAX(plat->n_cpus, 1U) * GICR_FRAME_STRIDE);
    volatile char *gicr = ioremap(plat->gic_redist.base, span);
    if (!gicd || !gicr)
        return -ENOMEM;
    gicr_this = find_redistributor(gicr, span, arch_this_cpu()->mpidr);
    if (!gicr_this) {
        pr_err("gicv3: no redistributor for MPIDR %#lx\n", (unsigned long)arch_this_cpu()->mpidr);
        return -ENODEV;
    }
    mmio_write32(gicd, GICD_CTLR, 0);
    wait_rwp();
    n_lines = 32 * ((mmio_read32(gicd, GICD_TYPER) & 0x1f) + 1);
    if (n_lines > GIC_MAX_INTID)
        n_lines = GIC_MAX_INTID;
    for (unsigned i = 32; i < n_lines; i += 32) {
        mmio_write32(gicd, GICD_ICENABLER + i / 8, 0xffffffff);
        mmio_write32(gicd, GICD_IGROUPR + i / 8, 0xffffffff);
    }
    for (unsigned i = 32; i < n_lines; i += 4)
        mmio_write32(gicd, GICD_IPRIORITYR + i, GIC_DEFAULT_PRIORITY * 0x01010101U);
    for (unsigned i = 32; i < n_lines; i += 16)
        mmio_write32(gicd, GICD_ICFGR + i / 4, 0);
    uint64_t mpidr = arch_this_cpu()->mpidr;
    uint64_t route = (mpidr & 0xffffff) | (((mpidr >> 32) & 0xff) << 32);
    for (unsigned i = 32; i < n_lines; i++)
        mmio_write64(gicd, GICD_IROUTER + i * 8, route);
    mmio_write32(gicd, GICD_CTLR, GICD_CTLR_ENABLE);
    wait_rwp();
    redistributor_init();
    cpu_interface_init();
    return 0;
}

static unsigned v3_ack(void)
{
    unsigned intid = (unsigned)read_sysreg_s(ICC_IAR1_EL1) & 0xffffff;
    dsb(sy); /* later accesses happen after the acknowledge (12.1.7) */
    return intid;
}

static void v3_eoi(unsigned intid)
{
    write_sysreg_s(ICC_EOIR1_EL1, intid);
    isb();
}

static void v3_unmask(unsigned intid)
{
    if (intid < 32)
        mmio_write32(gicr_this, GICR_ISENABLER0, 1U << intid);
    else
        mmio_write32(gicd, GICD_ISENABLER + (intid / 32) * 4, 1U << (intid % 32));
}

static void v3_mask(unsigned intid)
{
    if (intid < 32) {
        mmio_write32(gicr_this, GICR_ICENABLER0, 1U << intid);
    } else {
        mmio_write32(gicd, GICD_ICENABLER + (intid / 32) * 4, 1U << (intid % 32));
        wait_rwp();
    }
}

const struct gic_ops gic_v3_ops = {
    .name = "GICv3",
    .init = v3_init,
    .ack = v3_ack,
    .eoi = v3_eoi,
    .unmask = v3_unmask,
    .mask = v3_mask,
};
