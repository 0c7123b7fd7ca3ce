/* The kernel heap: kmalloc/kfree with power-of-two size classes carved
 * from single pages (slabs), and whole page blocks for large requests.
 * Every object is at least 16-byte aligned. Thread- and SMP-safe (one
 * spinlock per size class). Portable: the pages come from a backend, so the
 * host tests run it over malloc'ed pages. */
#ifndef KERNEL_HEAP_H
#define KERNEL_HEAP_H

#include <kernel/types.h>

struct heap_backend {
    /* 2^order contiguous, PAGE_SIZE-aligned pages, or NULL. */
    void *(*alloc_pages)(unsigned order);
    void (*free_pages)(void *va, unsigned order);
};

void heap_init(const struct heap_backend *backend);

void *kmalloc(size_t size);           /* NULL for size 0 or no memory */
void *kzalloc(size_t size);           /* zeroed */
void *kcalloc(size_t n, size_t size); /* NULL if n * size overflows */
void kfree(void *ptr);                /* NULL is ignored; a bad or double free panics */
size_t ksize(const void *ptr);        /* usable bytes of a live allocation */

struct heap_stats {
    uint64_t live_objects; /* kmalloc'ed and not freed */
    uint64_t live_bytes;   /* sum of requested sizes */
    uint64_t slab_pages;   /* pages held by size-class slabs */
    uint64_t large_pages;  /* pages held by large allocations */
};
void heap_get_stats(struct heap_stats *st);

/* Walk every slab: free lists inside their slab, counts consistent, poison
 * intact in free objects. 0, or -EINVAL with *why set. */
int heap_check(const char **why);

/* Give empty slabs back to the backend (tests use it to prove no leaks). */
void heap_trim(void);

#endif
