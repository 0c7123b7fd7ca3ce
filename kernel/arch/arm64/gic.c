/* Interrupt dispatch: the GIC version the device tree names, a table of
 * handlers by INTID, and the IRQ entry called from vectors.S. */
#include <kernel/arch.h>
#include <kernel/machine.h>
#include <kernel/panic.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <uapi/errno.h>

#include "exception.h"
#include "gic.h"

static const struct gic_ops *gic;

/* Guarded by handlers_lock for writers; the IRQ path reads an entry
 * only after irq_unmask() made it visible (the lock release orders it). */
static struct spinlock handlers_lock = SPINLOCK_INIT("irq_handlers");
static struct {
    irq_handler_fn fn;
    void *data;
} handlers[GIC_MAX_INTID];

int irq_controller_init(const struct dt_platform *plat)
{
    if (plat->gic_version == 2)
        gic = &gic_v2_ops;
    else if (plat->gic_version == 3)
        gic = &gic_v3_ops;
    else
        return -ENODEV;
    int err = gic->init(plat);
    if (err)
        gic = NULL;
    return err;
}

const char *irq_controller_name(void)
{
    return gic ? gic->name : "none";
}

int irq_register(unsigned intid, irq_handler_fn fn, void *data)
{
    if (intid >= GIC_MAX_INTID || !fn)
        return -EINVAL;
    spin_lock(&handlers_lock);
    int err = handlers[intid].fn ? -EBUSY : 0;
    if (!err) {
        handlers[intid].data = data;
        handlers[intid].fn = fn;
    }
    spin_unlock(&handlers_lock);
    return err;
}

void irq_unmask(unsigned intid)
{
    if (gic && intid < GIC_MAX_INTID)
        gic->unmask(intid);
}

void irq_mask(unsigned intid)
{
    if (gic && intid < GIC_MAX_INTID)
        gic->mask(intid);
}

void irq_handler(struct trap_frame *frame)
{
    UNUSED(frame);
    if (!gic)
        panic("IRQ with no interrupt controller");
    for (;;) {
        unsigned intid = gic->ack();
        if (intid >= GIC_SPURIOUS_FIRST)
            return;
        arch_this_cpu()->irq_count++;
        if (handlers[intid].fn)
            handlers[intid].fn(intid, handlers[intid].data);
        else
            pr_warn("irq: no handler for INTID %u, masking it\n", intid);
        if (!handlers[intid].fn)
            gic->mask(intid);
        gic->eoi(intid);
    }
}
