/* A binary buddy allocator over a contiguous range of page frames
 * (Knuth, TAOCP vol. 1, 2.5). Blocks of 2^order pages, order 0 to
 * BUDDY_MAX_ORDER; a freed block merges with its free buddy. It knows page
 * frame numbers only, never touches the pages themselves, and keeps its
 * bookkeeping in a caller-provided array (one entry per frame), so the host
 * tests drive it over fake frames. Not locked: the caller (page_alloc.c)
 * holds the zone lock. */
#ifndef KERNEL_BUDDY_H
#define KERNEL_BUDDY_H

#include <kernel/types.h>

#define BUDDY_MAX_ORDER 10 /* 4 MiB blocks with 4 KiB pages */
#define BUDDY_ORDERS    (BUDDY_MAX_ORDER + 1)

/* One per frame. Only the first frame of a free block is on a list. */
struct buddy_frame {
    struct buddy_frame *next, *prev; /* free list links (first frame of a free block) */
    uint8_t order;                   /* order of the block this frame heads */
    uint8_t state; /* BUDDY_RESERVED / BUDDY_FREE / BUDDY_ALLOCATED / BUDDY_TAIL */
};

enum { BUDDY_RESERVED = 0, BUDDY_FREE, BUDDY_ALLOCATED, BUDDY_TAIL };

struct buddy_zone {
    uint64_t base_pfn; /* first frame covered */
    uint64_t npages;   /* frames covered (free or not) */
    struct buddy_frame *frames;
    struct buddy_frame *free_head[BUDDY_ORDERS]; /* circular lists, NULL when empty */
    uint64_t free_count[BUDDY_ORDERS];           /* blocks per order */
    uint64_t free_pages;
};

/* Bytes of bookkeeping needed for npages frames. */
size_t buddy_meta_bytes(uint64_t npages);

/* Cover [base_pfn, base_pfn + npages) with every frame reserved; meta must
 * hold buddy_meta_bytes(npages) bytes. */
void buddy_init(struct buddy_zone *z, uint64_t base_pfn, uint64_t npages, void *meta);

/* Hand reserved frames [pfn, pfn + count) to the allocator (boot time),
 * merging into the largest naturally aligned blocks. */
void buddy_release_range(struct buddy_zone *z, uint64_t pfn, uint64_t count);

/* 0 with *pfn = first frame of a 2^order block, or -ENOMEM (also for
 * order > BUDDY_MAX_ORDER). */
int buddy_alloc(struct buddy_zone *z, unsigned order, uint64_t *pfn);

/* Return a block from buddy_alloc. 0, or -EINVAL when (pfn, order) is not
 * an allocated block (double free, wrong order, outside the zone); nothing
 * changes then. */
int buddy_free(struct buddy_zone *z, uint64_t pfn, unsigned order);

static inline uint64_t buddy_free_pages(const struct buddy_zone *z)
{
    return z->free_pages;
}

/* Walk every list and frame: 0 if all invariants hold, else -EINVAL and
 * *why names the first broken one. */
int buddy_check(const struct buddy_zone *z, const char **why);

#endif
