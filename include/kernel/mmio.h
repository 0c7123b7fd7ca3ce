/* Device register access. The mappings are Device-nGnRE, which keeps
 * accesses to one device in program order (ARM DDI 0487 L.b, B2.7.2), so
 * these are plain volatile accesses; callers add arch_wmb() where device
 * accesses must be ordered against normal memory (DMA). */
#ifndef KERNEL_MMIO_H
#define KERNEL_MMIO_H

#include <kernel/types.h>

static inline uint32_t mmio_read32(const volatile void *base, size_t off)
{
    return *(const volatile uint32_t *)((const volatile char *)base + off);
}

static inline void mmio_write32(volatile void *base, size_t off, uint32_t v)
{
    *(volatile uint32_t *)((volatile char *)base + off) = v;
}

static inline uint64_t mmio_read64(const volatile void *base, size_t off)
{
    return *(const volatile uint64_t *)((const volatile char *)base + off);
}

static inline void mmio_write64(volatile void *base, size_t off, uint64_t v)
{
    *(volatile uint64_t *)((volatile char *)base + off) = v;
}

static inline void mmio_write8(volatile void *base, size_t off, uint8_t v)
{
    *(volatile uint8_t *)((volatile char *)base + off) = v;
}

#endif
