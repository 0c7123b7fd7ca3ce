/* The kernel's page allocator: the buddy zone over all free RAM, used
 * through the linear map. Pages come back as kernel virtual addresses;
 * NULL means no memory (physical address 0 can be valid RAM). */
#ifndef KERNEL_PAGE_ALLOC_H
#define KERNEL_PAGE_ALLOC_H

#include <kernel/devtree.h>
#include <kernel/types.h>

struct memblock;

/* Build the zone from the boot memory map (RAM minus reserved). */
int page_alloc_init(struct memblock *mb);

void *alloc_pages(unsigned order);
void free_pages(void *va, unsigned order);
static inline void *alloc_page(void)
{
    return alloc_pages(0);
}

uint64_t page_alloc_free_pages(void);
uint64_t page_alloc_total_pages(void);
/* Verify the allocator's invariants: 0 or -EINVAL. */
int page_alloc_check(void);

#endif
