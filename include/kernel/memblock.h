/* The boot-time memory map: which physical ranges are RAM and which of
 * those are taken (kernel image, DTB, initrd, firmware reservations, early
 * allocations). Lives only until the buddy allocator takes over the free
 * part. Portable (host-tested); the caller serialises access (boot runs on
 * one CPU). Modelled on the role Linux's memblock plays, not its code. */
#ifndef KERNEL_MEMBLOCK_H
#define KERNEL_MEMBLOCK_H

#include <kernel/types.h>

#define MEMBLOCK_MAX_REGIONS 64

struct memblock_region {
    uint64_t base;
    uint64_t size;
};

/* Regions are kept sorted by base, non-overlapping, and adjacent or
 * overlapping additions are merged. */
struct memblock_list {
    struct memblock_region r[MEMBLOCK_MAX_REGIONS];
    unsigned n;
};

struct memblock {
    struct memblock_list memory;
    struct memblock_list reserved;
};

void memblock_init(struct memblock *mb);

/* Both return 0, -EINVAL for size 0 or base+size overflowing 64 bits,
 * -ENOSPC when the list is full (nothing is changed then). */
int memblock_add(struct memblock *mb, uint64_t base, uint64_t size);
int memblock_reserve(struct memblock *mb, uint64_t base, uint64_t size);

/* Total RAM, and the part of it that is reserved (reservations outside RAM
 * do not count). */
uint64_t memblock_ram_bytes(const struct memblock *mb);
uint64_t memblock_reserved_bytes(const struct memblock *mb);

/* Take `size` bytes aligned to `align` (a power of two) from free RAM, the
 * highest suitable address first, and reserve them. 0 with *pa set, or
 * -ENOMEM. Physical address 0 can be valid, hence the out parameter. */
int memblock_alloc(struct memblock *mb, uint64_t size, uint64_t align, uint64_t *pa);

/* Iterate over free RAM (memory minus reserved) in ascending order.
 * Start with *cursor = 0; returns false when done. */
bool memblock_next_free(const struct memblock *mb, uint64_t *cursor, uint64_t *base,
                        uint64_t *size);

#endif
