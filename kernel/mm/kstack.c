/* Kernel stack allocation (include/kernel/kstack.h). Each stack takes one
 * 32 KiB slot of the KSTACK area: the lower half stays unmapped as the
 * guard, the upper half is backed by four pages. */
#include <kernel/kstack.h>
#include <kernel/memlayout.h>
#include <kernel/mmu.h>
#include <kernel/page_alloc.h>
#include <kernel/spinlock.h>

#define KSTACK_SLOTS 4096
#define KSTACK_ORDER 2 /* 4 pages = KSTACK_BYTES */

_Static_assert((PAGE_SIZE << KSTACK_ORDER) == KSTACK_BYTES, "stack size mismatch");

/* Guarded by kstack_lock. */
static struct spinlock kstack_lock = SPINLOCK_INIT("kstack");
static uint64_t slot_used[KSTACK_SLOTS / 64];
static unsigned in_use;

static int claim_slot(void)
{
    spin_lock(&kstack_lock);
    int slot = -1;
    for (unsigned w = 0; w < KSTACK_SLOTS / 64 && slot < 0; w++) {
        if (slot_used[w] == ~0ULL)
            continue;
        unsigned bit = (unsigned)__builtin_ctzll(~slot_used[w]);
        slot_used[w] |= 1ULL << bit;
        slot = (int)(w * 64 + bit);
        in_use++;
    }
    spin_unlock(&kstack_lock);
    return slot;
}

static void release_slot(unsigned slot)
{
    spin_lock(&kstack_lock);
    slot_used[slot / 64] &= ~(1ULL << (slot % 64));
    in_use--;
    spin_unlock(&kstack_lock);
}

void *kstack_alloc(void)
{
    int slot = claim_slot();
    if (slot < 0)
        return NULL;
    uint64_t base = KSTACK_BASE + (uint64_t)slot * KSTACK_SLOT_BYTES + KSTACK_BYTES;
    void *pages = alloc_pages(KSTACK_ORDER);
    if (pages && kernel_map_pages(base, virt_to_phys(pages), KSTACK_BYTES) == 0)
        return (void *)(base + KSTACK_BYTES);
    if (pages)
        free_pages(pages, KSTACK_ORDER);
    release_slot((unsigned)slot);
    return NULL;
}

void kstack_free(void *top)
{
    uint64_t base = (uint64_t)top - KSTACK_BYTES;
    unsigned slot = (unsigned)((base - KSTACK_BASE) / KSTACK_SLOT_BYTES);
    phys_addr_t pa;
    if (kernel_translate(base, &pa))
        return; /* not a stack of ours: leak rather than corrupt */
    kernel_unmap_pages(base, KSTACK_BYTES);
    free_pages(phys_to_virt(pa), KSTACK_ORDER);
    release_slot(slot);
}

unsigned kstack_in_use(void)
{
    return in_use;
}
