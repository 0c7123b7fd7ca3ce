/* Between the files of kernel/mm that manage user address spaces (not an
 * interface for the rest of the kernel). Every function here expects
 * mm->lock held. */
#ifndef KERNEL_MM_VM_INTERNAL_H
#define KERNEL_MM_VM_INTERNAL_H

#include <kernel/mm.h>

#define vma_of(pos) list_entry((pos), struct vma, node)

/* The area containing addr, or NULL. */
struct vma *vma_find(struct mm *mm, uint64_t addr);
/* The first area ending above addr (containing it or after it), or NULL. */
struct vma *vma_next_from(struct mm *mm, uint64_t addr);
/* Insert [start, end): 0, -EEXIST on overlap, -ENOMEM. */
int vma_insert(struct mm *mm, uint64_t start, uint64_t end, unsigned prot, unsigned flags);
/* Make addr a boundary: split the area strictly containing it. 0 or
 * -ENOMEM. */
int vma_split_at(struct mm *mm, uint64_t addr);
/* Unmap and release every page of [start, end) (areas unchanged). */
void vm_release_range(struct mm *mm, uint64_t start, uint64_t end);
/* A zeroed, counted page mapped at va: 0 or -ENOMEM. */
int vm_map_zero_page(struct mm *mm, uint64_t va, unsigned prot);

#endif
