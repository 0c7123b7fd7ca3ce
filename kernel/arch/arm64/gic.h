/* Interface each GIC version implements (gic_v2.c, gic_v3.c). */
#ifndef ARM64_GIC_H
#define ARM64_GIC_H

#include <kernel/devtree.h>

#define GIC_SPURIOUS_FIRST 1020 /* INTIDs 1020-1023 are special (IHI 0069H, 2.2.1) */
#define GIC_MAX_INTID      1020

struct gic_ops {
    const char *name;
    int (*init)(const struct dt_platform *plat);
    unsigned (*ack)(void); /* returns the INTID, >= 1020 if spurious */
    void (*eoi)(unsigned intid);
    void (*unmask)(unsigned intid);
    void (*mask)(unsigned intid);
};

extern const struct gic_ops gic_v2_ops;
extern const struct gic_ops gic_v3_ops;

/* Priority written for every interrupt; the mask admits everything above it. */
#define GIC_DEFAULT_PRIORITY 0xa0
#define GIC_PRIORITY_MASK    0xf0

#endif
