/* User page tables for TTBR0_EL1 (VMSAv8-64, 4 KiB granule, 4 levels,
 * 48-bit VAs; ARM DDI 0487 L.b, D8). Leaves are non-global (nG) so the TLB
 * tags them with the table's ASID and a switch needs no flush (D8.14).
 * Each table has its own lock-free owner: the mm lock of the address space
 * serialises all calls on one table; the ASID bitmap has its own lock. */
#include <kernel/heap.h>
#include <kernel/memlayout.h>
#include <kernel/page_alloc.h>
#include <kernel/pgtable.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <uapi/errno.h>

#include "pgtable_bits.h"
#include "sysreg.h"

typedef uint64_t pte_t;

/* A PROT_NONE page keeps its frame but must fault on every access: the
 * entry is invalid to the hardware (bit 0 clear, all other bits ignored,
 * D8.3.1) and this software bit says the address field is still a page
 * (the same trick as Linux's PTE_PROT_NONE). */
#define PTE_PROT_NONE (UL(1) << 58)

static bool leaf_present(pte_t e)
{
    return (e & (PTE_VALID | PTE_PROT_NONE)) != 0;
}
#define PT_ENTRIES 512
#define ASID_COUNT 65536 /* TCR_EL1.AS = 1: 16-bit ASIDs (D8.14.1) */

struct pgtable {
    pte_t *root;
    uint16_t asid;
};

static struct spinlock asid_lock = SPINLOCK_INIT("asid");
static uint64_t asid_used[ASID_COUNT / 64] = {1}; /* guarded by asid_lock; 0 = kernel/none */

static int asid_alloc(void)
{
    spin_lock(&asid_lock);
    int asid = -ENOMEM;
    for (unsigned w = 0; w < ASID_COUNT / 64 && asid < 0; w++) {
        if (asid_used[w] != ~0ULL) {
            unsigned bit = (unsigned)__builtin_ctzll(~asid_used[w]);
            asid_used[w] |= 1ULL << bit;
            asid = (int)(w * 64 + bit);
        }
    }
    spin_unlock(&asid_lock);
    return asid;
}

/* Before an ASID is reused, no TLB may still hold its entries. */
static void asid_free(uint16_t asid)
{
    __asm__ volatile("dsb ishst\n\ttlbi aside1is, %0\n\tdsb ish\n\tisb" ::"r"((uint64_t)asid << 48)
                     : "memory");
    spin_lock(&asid_lock);
    asid_used[asid / 64] &= ~(1ULL << (asid % 64));
    spin_unlock(&asid_lock);
}

static pte_t *new_table(void)
{
    pte_t *t = alloc_page();
    if (t)
        memset(t, 0, PAGE_SIZE);
    return t;
}

struct pgtable *pgtable_create(void)
{
    struct pgtable *pt = kzalloc(sizeof(*pt));
    if (!pt)
        return NULL;
    pt->root = new_table();
    int asid = pt->root ? asid_alloc() : -ENOMEM;
    if (asid < 0) {
        free_pages(pt->root, 0);
        kfree(pt);
        return NULL;
    }
    pt->asid = (uint16_t)asid;
    return pt;
}

static void free_level(pte_t *table, int level, void (*release)(phys_addr_t))
{
    for (unsigned i = 0; i < PT_ENTRIES; i++) {
        pte_t e = table[i];
        if (level == 3 ? !leaf_present(e) : !(e & PTE_VALID))
            continue;
        phys_addr_t pa = e & PTE_ADDR_MASK;
        if (level == 3) {
            if (release)
                release(pa);
        } else {
            free_level(phys_to_virt(pa), level + 1, release);
        }
    }
    free_pages(table, 0);
}

void pgtable_destroy(struct pgtable *pt, void (*release)(phys_addr_t pa))
{
    free_level(pt->root, 0, release);
    asid_free(pt->asid);
    kfree(pt);
}

/* The level-3 entry for va, creating tables on the way if create is set. */
static pte_t *walk(struct pgtable *pt, uint64_t va, bool create)
{
    pte_t *table = pt->root;
    for (int level = 0; level < 3; level++) {
        pte_t *e = &table[(va >> (39 - 9 * level)) & (PT_ENTRIES - 1)];
        if (!(*e & PTE_VALID)) {
            if (!create)
                return NULL;
            pte_t *next = new_table();
            if (!next)
                return NULL;
            /* The zeroed table must be visible before the walker can see
             * the entry pointing to it (D8.2.6). */
            __asm__ volatile("dsb ishst" ::: "memory");
            *e = virt_to_phys(next) | PTE_TABLE;
        }
        table = phys_to_virt(*e & PTE_ADDR_MASK);
    }
    return &table[(va >> PAGE_SHIFT) & (PT_ENTRIES - 1)];
}

/* User pages: EL0 access, never executable by the kernel (PXN); writable
 * only with PGPROT_WRITE; AP[2:1] = 01 (RW) or 11 (RO) (D8.4.2). */
static pte_t leaf_bits(unsigned prot)
{
    if (!(prot & (PGPROT_READ | PGPROT_WRITE | PGPROT_EXEC)))
        return PTE_PROT_NONE;
    pte_t e =
        PTE_PAGE | PTE_ATTRIDX(MT_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_NG | PTE_USER | PTE_PXN;
    if (!(prot & PGPROT_WRITE))
        e |= PTE_RDONLY;
    if (!(prot & PGPROT_EXEC))
        e |= PTE_UXN;
    return e;
}

static unsigned prot_of(pte_t e)
{
    if (!(e & PTE_VALID))
        return 0;
    unsigned prot = PGPROT_READ;
    if (!(e & PTE_RDONLY))
        prot |= PGPROT_WRITE;
    if (!(e & PTE_UXN))
        prot |= PGPROT_EXEC;
    return prot;
}

static void flush_page(struct pgtable *pt, uint64_t va)
{
    uint64_t arg = ((uint64_t)pt->asid << 48) | ((va >> PAGE_SHIFT) & 0xfffffffffffUL);
    __asm__ volatile("dsb ishst\n\ttlbi vae1is, %0\n\tdsb ish\n\tisb" ::"r"(arg) : "memory");
}

int pgtable_map(struct pgtable *pt, uint64_t va, phys_addr_t pa, unsigned prot)
{
    if (va >= USER_VA_END || !IS_ALIGNED(va, PAGE_SIZE))
        return -EINVAL;
    pte_t *e = walk(pt, va, true);
    if (!e)
        return -ENOMEM;
    if (leaf_present(*e))
        return -EEXIST;
    *e = pa | leaf_bits(prot);
    __asm__ volatile("dsb ishst\n\tisb" ::: "memory");
    return 0;
}

int pgtable_unmap(struct pgtable *pt, uint64_t va, phys_addr_t *pa)
{
    pte_t *e = va < USER_VA_END ? walk(pt, va, false) : NULL;
    if (!e || !leaf_present(*e))
        return -ENOENT;
    *pa = *e & PTE_ADDR_MASK;
    *e = 0;
    flush_page(pt, va);
    return 0;
}

int pgtable_protect_noflush(struct pgtable *pt, uint64_t va, unsigned prot)
{
    pte_t *e = va < USER_VA_END ? walk(pt, va, false) : NULL;
    if (!e || !leaf_present(*e))
        return -ENOENT;
    *e = (*e & PTE_ADDR_MASK) | leaf_bits(prot);
    return 0;
}

int pgtable_protect(struct pgtable *pt, uint64_t va, unsigned prot)
{
    int err = pgtable_protect_noflush(pt, va, prot);
    if (!err)
        flush_page(pt, va);
    return err;
}

int pgtable_lookup(struct pgtable *pt, uint64_t va, phys_addr_t *pa, unsigned *prot)
{
    pte_t *e = va < USER_VA_END ? walk(pt, va, false) : NULL;
    if (!e || !leaf_present(*e))
        return -ENOENT;
    *pa = (*e & PTE_ADDR_MASK) | (va & (PAGE_SIZE - 1));
    *prot = prot_of(*e);
    return 0;
}

/* Visit the present leaves of [start, end) at level `level` of table
 * (covering from base), skipping absent subtrees. */
static int visit_level(pte_t *table, int level, uint64_t base, uint64_t start, uint64_t end,
                       pgtable_visit_fn fn, void *arg)
{
    unsigned shift = 39 - 9 * (unsigned)level;
    uint64_t span = 1UL << shift;
    for (unsigned i = 0; i < PT_ENTRIES; i++) {
        uint64_t lo = base + i * span, hi = lo + span;
        if (hi <= start)
            continue;
        if (lo >= end)
            break;
        pte_t e = table[i];
        int err = 0;
        if (level == 3) {
            if (leaf_present(e))
                err = fn(arg, lo, e & PTE_ADDR_MASK, prot_of(e));
        } else if (e & PTE_VALID) {
            err = visit_level(phys_to_virt(e & PTE_ADDR_MASK), level + 1, lo, start, end, fn, arg);
        }
        if (err)
            return err;
    }
    return 0;
}

int pgtable_for_each(struct pgtable *pt, uint64_t start, uint64_t end, pgtable_visit_fn fn,
                     void *arg)
{
    if (end > USER_VA_END)
        end = USER_VA_END;
    if (start >= end)
        return 0;
    return visit_level(pt->root, 0, 0, start, end, fn, arg);
}

void pgtable_flush_all(struct pgtable *pt)
{
    __asm__ volatile(
        "dsb ishst\n\ttlbi aside1is, %0\n\tdsb ish\n\tisb" ::"r"((uint64_t)pt->asid << 48)
        : "memory");
}

/* TTBR0_EL1 = ASID in bits 63:48, table address below (D19.2.155). The
 * first user table also turns TTBR0 walks on (mmu_init disabled them). */
void pgtable_activate(struct pgtable *pt)
{
    uint64_t tcr = read_sysreg(tcr_el1);
    if (!pt) {
        write_sysreg(tcr_el1, tcr | TCR_EPD0);
        isb();
        return;
    }
    write_sysreg(ttbr0_el1, virt_to_phys(pt->root) | ((uint64_t)pt->asid << 48));
    if (tcr & TCR_EPD0)
        write_sysreg(tcr_el1, tcr & ~TCR_EPD0);
    isb();
}
