/* GICv2 (ARM IHI 0048B.b): memory-mapped distributor (GICD) and CPU
 * interface (GICC). All interrupts go to group 0 at one priority and are
 * routed to the boot CPU; PPIs and SGIs are banked per CPU. */
#include <kernel/mmio.h>
#include <kernel/mmu.h>
#include <uapi/errno.h>

#include "gic.h"

#define GICD_CTLR       0x000
#define GICD_TYPER      0x004
#define GICD_ISENABLER  0x100
#define GICD_ICENABLER  0x180
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR  0x800
#define GICD_ICFGR      0xc00

#define GICC_CTLR 0x00
#define GICC_PMR  0x04
#define GICC_IAR  0x0c
#define GICC_EOIR 0x10

static volatile void *gicd, *gicc;
static unsigned n_lines; /* ITLinesNumber: 32 * (N + 1) interrupts (4.3.2) */

static int v2_init(const struct dt_platform *plat)
{
    gicd = ioremap(plat->gic_dist.base, 0x1000);
    gicc = ioremap(plat->gic_cpu.base, 0x2000);
    if (!gicd || !gicc)
        return -ENOMEM;
    mmio_write32(gicd, GICD_CTLR, 0);
    n_lines = 32 * ((mmio_read32(gicd, GICD_TYPER) & 0x1f) + 1);
    if (n_lines > GIC_MAX_INTID)
        n_lines = GIC_MAX_INTID;
    for (unsigned i = 32; i < n_lines; i += 32)
        mmio_write32(gicd, GICD_ICENABLER + i / 8, 0xffffffff);
    for (unsigned i = 0; i < n_lines; i += 4)
        mmio_write32(gicd, GICD_IPRIORITYR + i, GIC_DEFAULT_PRIORITY * 0x01010101U);
    for (unsigned i = 32; i < n_lines; i += 4)
        mmio_write32(gicd, GICD_ITARGETSR + i, 0x01010101); /* CPU interface 0 */
    for (unsigned i = 32; i < n_lines; i += 16)
        mmio_write32(gicd, GICD_ICFGR + i / 4, 0); /* SPIs level-sensitive */
    mmio_write32(gicd, GICD_CTLR, 1);
    mmio_write32(gicc, GICC_PMR, GIC_PRIORITY_MASK);
    mmio_write32(gicc, GICC_CTLR, 1);
    return 0;
}

static unsigned v2_ack(void)
{
    return mmio_read32(gicc, GICC_IAR) & 0x3ff;
}

static void v2_eoi(unsigned intid)
{
    mmio_write32(gicc, GICC_EOIR, intid);
}

static void v2_unmask(unsigned intid)
{
    mmio_write32(gicd, GICD_ISENABLER + (intid / 32) * 4, 1U << (intid % 32));
}

static void v2_mask(unsigned intid)
{
    mmio_write32(gicd, GICD_ICENABLER + (intid / 32) * 4, 1U << (intid % 32));
}

const struct gic_ops gic_v2_ops = {
    .name = "GICv2",
    .init = v2_init,
    .ack = v2_ack,
    .eoi = v2_eoi,
    .unmask = v2_unmask,
    .mask = v2_mask,
};
