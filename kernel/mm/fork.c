/* Copying an address space for fork: areas are duplicated and pages
 * shared, private writable ones copy-on-write (the first write fault in
 * either process copies, vm.c break_cow). */
#include <kernel/file.h>
#include <kernel/heap.h>
#include <kernel/mm.h>
#include <kernel/page_alloc.h>
#include <uapi/errno.h>

#include "vm_internal.h"

struct share_args {
    struct mm *parent, *child;
    bool cow; /* private and writable: both lose write access */
};

static int share_page(void *arg, uint64_t va, phys_addr_t pa, unsigned prot)
{
    struct share_args *a = arg;
    if (a->cow && (prot & PGPROT_WRITE)) {
        prot &= ~PGPROT_WRITE;
        pgtable_protect_noflush(a->parent->pt, va, prot);
    }
    int err = pgtable_map(a->child->pt, va, pa, prot);
    if (err)
        return err;
    page_ref_get(pa);
    a->child->pages++;
    return 0;
}

struct mm *mm_fork(struct mm *src)
{
    struct mm *mm = mm_create();
    if (!mm)
        return NULL;
    mutex_lock(&src->lock);
    mm->brk_start = src->brk_start;
    mm->brk = src->brk;
    mm->mmap_base = src->mmap_base;
    mm->start_code = src->start_code;
    mm->end_code = src->end_code;
    mm->start_data = src->start_data;
    mm->end_data = src->end_data;
    mm->start_stack = src->start_stack;
    mm->arg_start = src->arg_start;
    mm->arg_end = src->arg_end;
    mm->env_start = src->env_start;
    mm->env_end = src->env_end;
    if ((mm->exe_file = src->exe_file))
        file_get(mm->exe_file);
    int err = 0;
    struct list_node *pos;
    list_for_each(pos, &src->vmas)
    {
        struct vma *v = vma_of(pos);
        err = vma_insert(mm, v->start, v->end, v->prot, v->flags);
        if (err)
            break;
        struct share_args a = {src, mm, !(v->flags & VMA_SHARED)};
        err = pgtable_for_each(src->pt, v->start, v->end, share_page, &a);
        if (err)
            break;
    }
    /* Whatever was write-protected must not stay writable in a TLB. */
    pgtable_flush_all(src->pt);
    mutex_unlock(&src->lock);
    if (err) {
        mm_put(mm);
        return NULL;
    }
    return mm;
}
