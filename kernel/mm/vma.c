/* The sorted list of areas of an address space (include/kernel/mm.h). A
 * list is enough for the handful of areas static programs have; a tree
 * replaces it when dynamic programs bring dozens. */
#include <kernel/heap.h>
#include <kernel/mm.h>
#include <uapi/errno.h>

#include "vm_internal.h"

struct vma *vma_find(struct mm *mm, uint64_t addr)
{
    struct list_node *pos;
    list_for_each(pos, &mm->vmas)
    {
        struct vma *v = vma_of(pos);
        if (addr < v->start)
            return NULL;
        if (addr < v->end)
            return v;
    }
    return NULL;
}

struct vma *vma_next_from(struct mm *mm, uint64_t addr)
{
    struct list_node *pos;
    list_for_each(pos, &mm->vmas)
    {
        struct vma *v = vma_of(pos);
        if (v->end > addr)
            return v;
    }
    return NULL;
}

int vma_insert(struct mm *mm, uint64_t start, uint64_t end, unsigned prot, unsigned flags)
{
    struct list_node *pos, *before = &mm->vmas;
    list_for_each(pos, &mm->vmas)
    {
        struct vma *v = vma_of(pos);
        if (v->start < end && start < v->end)
            return -EEXIST;
        if (v->start >= end) {
            before = pos;
            break;
        }
    }
    struct vma *n = kzalloc(sizeof(*n));
    if (!n)
        return -ENOMEM;
    n->start = start;
    n->end = end;
    n->prot = prot;
    n->flags = flags;
    list_add_tail(before, &n->node); /* i.e. just before `before` */
    return 0;
}

int vma_split_at(struct mm *mm, uint64_t addr)
{
    struct vma *v = vma_find(mm, addr);
    if (!v || v->start == addr)
        return 0;
    struct vma *n = kzalloc(sizeof(*n));
    if (!n)
        return -ENOMEM;
    *n = *v;
    n->start = addr;
    v->end = addr;
    list_add_tail(v->node.next, &n->node); /* right after v */
    return 0;
}

uint64_t mm_find_free(struct mm *mm, uint64_t len)
{
    /* Walk the areas from the top down: the gap below mmap_base and above
     * the highest area under it first, as Linux's top-down allocator. */
    uint64_t ceiling = mm->mmap_base;
    struct list_node *pos;
    for (pos = mm->vmas.prev; pos != &mm->vmas; pos = pos->prev) {
        struct vma *v = vma_of(pos);
        if (v->start >= ceiling)
            continue;
        if (v->end <= ceiling && ceiling - v->end >= len)
            return ceiling - len;
        ceiling = MIN(ceiling, v->start);
    }
    /* Keep the lowest pages free (vm.mmap_min_addr). */
    if (ceiling >= len + 0x10000)
        return ceiling - len;
    return 0;
}
