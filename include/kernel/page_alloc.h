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

/* User pages are shared between address spaces (copy-on-write after
 * fork, MAP_SHARED) and counted: user_page_alloc() returns one page with a
 * count of 1 (contents undefined); the last page_ref_put() frees it. */
void *user_page_alloc(void);
void page_ref_get(phys_addr_t pa);
void page_ref_put(phys_addr_t pa);
unsigned page_ref_count(phys_addr_t pa);

uint64_t page_alloc_free_pages(void);
uint64_t page_alloc_total_pages(void);
/* Verify the allocator's invariants: 0 or -EINVAL. */
int page_alloc_check(void);

#endif
