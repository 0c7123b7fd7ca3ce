/* User page tables, behind an arch-neutral interface (the arm64 version is
 * kernel/arch/arm64/user_pgtable.c). One per address space; the kernel half
 * is shared by every CPU through TTBR1 and is not part of it. */
#ifndef KERNEL_PGTABLE_H
#define KERNEL_PGTABLE_H

#include <kernel/types.h>

/* Page protections: the PROT_* values of mmap(2). */
#define PGPROT_READ  1u
#define PGPROT_WRITE 2u
#define PGPROT_EXEC  4u

/* First address above user space: 48-bit VAs through TTBR0. */
#define USER_VA_END 0x0001000000000000UL

struct pgtable;

/* A new, empty table with its own address-space id: NULL if out of memory
 * or ids. */
struct pgtable *pgtable_create(void);
/* Free the tables; release() is called for every page still mapped. */
void pgtable_destroy(struct pgtable *pt, void (*release)(phys_addr_t pa));

/* Protection 0 (no PGPROT_* bit) maps a PROT_NONE page: it keeps its
 * frame but every access faults. */

/* Map one page (va page-aligned, below USER_VA_END): 0, -EEXIST if
 * something is mapped there, -ENOMEM. */
int pgtable_map(struct pgtable *pt, uint64_t va, phys_addr_t pa, unsigned prot);
/* Remove one page's mapping: 0 with *pa set, or -ENOENT. */
int pgtable_unmap(struct pgtable *pt, uint64_t va, phys_addr_t *pa);
/* Change one page's protection: 0 or -ENOENT. */
int pgtable_protect(struct pgtable *pt, uint64_t va, unsigned prot);
/* What maps va: 0 with *pa and *prot, or -ENOENT. */
int pgtable_lookup(struct pgtable *pt, uint64_t va, phys_addr_t *pa, unsigned *prot);

/* Call fn for every mapped page in [start, end) in ascending order (the
 * table must not change meanwhile except through pgtable_protect on the
 * visited page); a non-zero return stops the walk and is returned. prot 0
 * means a PROT_NONE page. */
typedef int (*pgtable_visit_fn)(void *arg, uint64_t va, phys_addr_t pa, unsigned prot);
int pgtable_for_each(struct pgtable *pt, uint64_t start, uint64_t end, pgtable_visit_fn fn,
                     void *arg);

/* Change protection without the per-page TLB flush; pgtable_flush_all()
 * afterwards (for changing many pages at once, as fork does). */
int pgtable_protect_noflush(struct pgtable *pt, uint64_t va, unsigned prot);
void pgtable_flush_all(struct pgtable *pt);

/* Make pt the current CPU's user address space (NULL: none). */
void pgtable_activate(struct pgtable *pt);

#endif
