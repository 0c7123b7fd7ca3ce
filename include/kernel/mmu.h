/* Kernel address-space services (kernel/arch/arm64/mmu.c). */
#ifndef KERNEL_MMU_H
#define KERNEL_MMU_H

#include <kernel/devtree.h>
#include <kernel/types.h>

/* Build the final kernel page tables (linear map of the RAM in plat, the
 * image with W^X, the DTB window) and switch to them. */
int mmu_init(const struct dt_platform *plat, phys_addr_t dtb_pa);

/* Record where the loader put the image (before anything else runs). */
void mmu_early_init(phys_addr_t image_pa);

/* Map device registers; returns a kernel VA or NULL (logged) on failure. */
void *ioremap(phys_addr_t pa, size_t size);

/* Map/unmap kernel pages (normal memory, RW, never executable) at va,
 * which must lie in a region the caller owns (e.g. kernel stacks). */
int kernel_map_pages(uint64_t va, phys_addr_t pa, size_t size);
void kernel_unmap_pages(uint64_t va, size_t size);

/* Physical address behind a page-mapped kernel VA: 0 or -EFAULT. */
int kernel_translate(uint64_t va, phys_addr_t *pa);

/* Called once the page allocator works: page-table pages come from it
 * instead of the boot pool from then on. */
void mmu_use_page_allocator(void);

/* Pages of the boot pool used so far (for the banner and leak checks). */
unsigned mmu_boot_pool_used(void);

#endif
