/* The kernel's page allocator: one buddy zone spanning all RAM the device
 * tree reported, with the bookkeeping array taken from memblock. Holes
 * between RAM regions and reserved ranges simply stay BUDDY_RESERVED
 * frames. One spinlock guards the zone (IRQ-safe, so interrupt handlers may
 * allocate). Pages are returned as linear-map virtual addresses. */
#include <kernel/buddy.h>
#include <kernel/memblock.h>
#include <kernel/memlayout.h>
#include <kernel/page_alloc.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <uapi/errno.h>

static struct spinlock zone_lock = SPINLOCK_INIT("page zone");
static struct buddy_zone zone; /* guarded by zone_lock */
static uint64_t total_pages;   /* frames handed to the zone at boot */

/* Reference counts of user pages, one per frame of the zone, updated with
 * atomics. Only frames handed out by user_page_alloc() have a meaningful
 * count, so the array needs no initialisation at boot. */
static uint32_t *page_refs;
static uint64_t refs_first_pfn, refs_npages;

static void ram_span(const struct memblock *mb, uint64_t *lo, uint64_t *hi)
{
    const struct memblock_list *m = &mb->memory;
    *lo = m->n ? m->r[0].base : 0;
    *hi = m->n ? m->r[m->n - 1].base + m->r[m->n - 1].size : 0;
}

int page_alloc_init(struct memblock *mb)
{
    uint64_t lo, hi;
    ram_span(mb, &lo, &hi);
    uint64_t first_pfn = ALIGN_UP(lo, PAGE_SIZE) >> PAGE_SHIFT;
    uint64_t end_pfn = ALIGN_DOWN(hi, PAGE_SIZE) >> PAGE_SHIFT;
    if (end_pfn <= first_pfn) {
        pr_err("memory: no usable RAM in the device tree\n");
        return -ENOMEM;
    }
    uint64_t npages = end_pfn - first_pfn;
    uint64_t meta_pa;
    int err =
        memblock_alloc(mb, ALIGN_UP(buddy_meta_bytes(npages), PAGE_SIZE), PAGE_SIZE, &meta_pa);
    if (err) {
        pr_err("memory: no room for the page bookkeeping of %lu pages\n", (unsigned long)npages);
        return err;
    }
    buddy_init(&zone, first_pfn, npages, phys_to_virt(meta_pa));
    uint64_t refs_pa;
    err = memblock_alloc(mb, ALIGN_UP(npages * sizeof(uint32_t), PAGE_SIZE), PAGE_SIZE, &refs_pa);
    if (err) {
        pr_err("memory: no room for page reference counts\n");
        return err;
    }
    page_refs = phys_to_virt(refs_pa);
    refs_first_pfn = first_pfn;
    refs_npages = npages;

    uint64_t cursor = 0, base, size;
    while (memblock_next_free(mb, &cursor, &base, &size)) {
        uint64_t from = ALIGN_UP(base, PAGE_SIZE) >> PAGE_SHIFT;
        uint64_t to = ALIGN_DOWN(base + size, PAGE_SIZE) >> PAGE_SHIFT;
        if (to > from)
            buddy_release_range(&zone, from, to - from);
    }
    total_pages = buddy_free_pages(&zone);
    return 0;
}

void *alloc_pages(unsigned order)
{
    uint64_t pfn;
    spin_lock(&zone_lock);
    int err = buddy_alloc(&zone, order, &pfn);
    spin_unlock(&zone_lock);
    return err ? NULL : phys_to_virt(pfn << PAGE_SHIFT);
}

void free_pages(void *va, unsigned order)
{
    if (!va)
        return;
    uint64_t pfn = virt_to_phys(va) >> PAGE_SHIFT;
    spin_lock(&zone_lock);
    int err = buddy_free(&zone, pfn, order);
    spin_unlock(&zone_lock);
    if (err)
        panic("free_pages: %p (order %u) is not an allocated block", va, order);
}

uint64_t page_alloc_free_pages(void)
{
    spin_lock(&zone_lock);
    uint64_t n = buddy_free_pages(&zone);
    spin_unlock(&zone_lock);
    return n;
}

uint64_t page_alloc_total_pages(void)
{
    return total_pages;
}

int page_alloc_check(void)
{
    const char *why = NULL;
    spin_lock(&zone_lock);
    int err = buddy_check(&zone, &why);
    spin_unlock(&zone_lock);
    if (err)
        pr_err("page allocator: %s\n", why);
    return err;
}

static uint32_t *ref_of(phys_addr_t pa)
{
    uint64_t pfn = pa >> PAGE_SHIFT;
    if (pfn < refs_first_pfn || pfn - refs_first_pfn >= refs_npages)
        panic("page_ref: %lx is not a RAM page", (unsigned long)pa);
    return &page_refs[pfn - refs_first_pfn];
}

void *user_page_alloc(void)
{
    void *va = alloc_pages(0);
    if (va)
        __atomic_store_n(ref_of(virt_to_phys(va)), 1, __ATOMIC_RELAXED);
    return va;
}

void page_ref_get(phys_addr_t pa)
{
    __atomic_add_fetch(ref_of(pa), 1, __ATOMIC_RELAXED);
}

unsigned page_ref_count(phys_addr_t pa)
{
    return __atomic_load_n(ref_of(pa), __ATOMIC_ACQUIRE);
}

void page_ref_put(phys_addr_t pa)
{
    /* Release: this owner's writes to the page happen before whoever frees
     * it (and so before its next owner) sees the count drop. */
    uint32_t left = __atomic_sub_fetch(ref_of(pa), 1, __ATOMIC_ACQ_REL);
    if (left == (uint32_t)-1)
        panic("page_ref_put: %lx had no references", (unsigned long)pa);
    if (left == 0)
        free_pages(phys_to_virt(pa & ~(phys_addr_t)(PAGE_SIZE - 1)), 0);
}
