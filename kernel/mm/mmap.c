/* mmap, munmap, mprotect, madvise(DONTNEED) and brk on anonymous memory,
 * with the argument checks and errors of Linux 6.1 mm/mmap.c and
 * mm/mprotect.c. */
#include <kernel/heap.h>
#include <kernel/memlayout.h>
#include <kernel/mm.h>
#include <kernel/page_alloc.h>
#include <kernel/string.h>
#include <uapi/errno.h>
#include <uapi/mman.h>

#include "vm_internal.h"

#define PROT_KNOWN (PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_BTI | PROT_MTE)

static unsigned pgprot_of(unsigned prot)
{
    return prot & (PGPROT_READ | PGPROT_WRITE | PGPROT_EXEC);
}

/* Split so that [start, end) is covered by whole areas. */
static int split_range(struct mm *mm, uint64_t start, uint64_t end)
{
    int err = vma_split_at(mm, start);
    return err ? err : vma_split_at(mm, end);
}

/* mm->lock held: remove every area and page in [start, end). */
static int unmap_locked(struct mm *mm, uint64_t start, uint64_t end)
{
    int err = split_range(mm, start, end);
    if (err)
        return err;
    struct list_node *pos, *tmp;
    list_for_each_safe(pos, tmp, &mm->vmas)
    {
        struct vma *v = vma_of(pos);
        if (v->start >= end)
            break;
        if (v->end <= start)
            continue;
        vm_release_range(mm, v->start, v->end);
        list_remove(pos);
        kfree(v);
    }
    return 0;
}

/* MAP_SHARED anonymous memory must be the same pages in every process
 * that inherits it, so it is populated at once rather than on demand
 * (a shared memory object replaces this when tmpfs backs it). */
static int populate(struct mm *mm, uint64_t start, uint64_t end, unsigned prot)
{
    for (uint64_t va = start; va < end; va += PAGE_SIZE) {
        int err = vm_map_zero_page(mm, va, prot);
        if (err)
            return err;
    }
    return 0;
}

long mm_mmap_anon(struct mm *mm, uint64_t addr, uint64_t len, unsigned prot, unsigned flags)
{
    unsigned type = flags & MAP_TYPE;
    if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
        return -EINVAL;
    if (!len)
        return -EINVAL;
    if (len > USER_VA_END)
        return -ENOMEM;
    len = ALIGN_UP(len, PAGE_SIZE);
    /* overcommit_memory=0 (mm/util.c __vm_enough_memory): one request
     * larger than all of RAM (there is no swap) is refused up front. */
    if ((prot & PROT_WRITE) && len / PAGE_SIZE > page_alloc_total_pages())
        return -ENOMEM;
    bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
    if (fixed && !IS_ALIGNED(addr, PAGE_SIZE))
        return -EINVAL;
    if (fixed && (addr >= USER_VA_END || len > USER_VA_END - addr))
        return -ENOMEM;
    unsigned vflags = type == MAP_PRIVATE ? 0 : VMA_SHARED;
    unsigned pgprot = pgprot_of(prot);

    mutex_lock(&mm->lock);
    long ret;
    if (fixed) {
        struct vma *v = vma_next_from(mm, addr);
        bool overlaps = v && v->start < addr + len;
        if (overlaps && (flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED)) {
            ret = -EEXIST;
            goto out;
        }
        if (overlaps && (ret = unmap_locked(mm, addr, addr + len)) != 0)
            goto out;
    } else {
        /* A hint is taken if the range is free, as Linux does. */
        addr = ALIGN_DOWN(addr, PAGE_SIZE);
        struct vma *v = addr >= 0x10000 && addr < USER_VA_END && len <= USER_VA_END - addr
                            ? vma_next_from(mm, addr)
                            : NULL;
        bool hint_ok =
            addr >= 0x10000 && addr + len <= USER_VA_END && !(v && v->start < addr + len);
        if (!hint_ok)
            addr = mm_find_free(mm, len);
        if (!addr) {
            ret = -ENOMEM;
            goto out;
        }
    }
    ret = vma_insert(mm, addr, addr + len, pgprot, vflags);
    if (!ret && (vflags & VMA_SHARED)) {
        ret = populate(mm, addr, addr + len, pgprot);
        if (ret)
            unmap_locked(mm, addr, addr + len);
    }
    if (!ret)
        ret = (long)addr;
out:
    mutex_unlock(&mm->lock);
    return ret;
}

int mm_munmap(struct mm *mm, uint64_t addr, uint64_t len)
{
    if (!IS_ALIGNED(addr, PAGE_SIZE) || !len || addr >= USER_VA_END || len > USER_VA_END - addr)
        return -EINVAL;
    len = ALIGN_UP(len, PAGE_SIZE);
    mutex_lock(&mm->lock);
    int err = unmap_locked(mm, addr, addr + len);
    mutex_unlock(&mm->lock);
    return err;
}

struct protect_args {
    struct mm *mm;
    unsigned prot;
    bool shared;
};

static int protect_one(void *arg, uint64_t va, phys_addr_t pa, unsigned old)
{
    struct protect_args *a = arg;
    UNUSED(pa);
    UNUSED(old);
    /* Private pages stay read-only until written: the write fault decides
     * whether the page is still shared copy-on-write. */
    unsigned prot = a->shared ? a->prot : a->prot & ~PGPROT_WRITE;
    if (a->prot && !(prot & (PGPROT_READ | PGPROT_EXEC)))
        prot |= PGPROT_READ; /* write-only is not expressible: readable */
    pgtable_protect(a->mm->pt, va, prot);
    return 0;
}

int mm_mprotect(struct mm *mm, uint64_t addr, uint64_t len, unsigned prot)
{
    if (!IS_ALIGNED(addr, PAGE_SIZE) || (prot & ~PROT_KNOWN))
        return -EINVAL;
    if (!len)
        return 0;
    if (len > USER_VA_END || addr >= USER_VA_END || ALIGN_UP(len, PAGE_SIZE) > USER_VA_END - addr)
        return -ENOMEM;
    uint64_t end = addr + ALIGN_UP(len, PAGE_SIZE);
    mutex_lock(&mm->lock);
    /* Every page of the range must be mapped (ENOMEM otherwise) before
     * anything changes. */
    int err = 0;
    uint64_t at = addr;
    for (struct vma *v = vma_next_from(mm, at); at < end; v = vma_next_from(mm, at)) {
        if (!v || v->start > at) {
            err = -ENOMEM;
            break;
        }
        at = v->end;
    }
    if (!err)
        err = split_range(mm, addr, end);
    if (!err) {
        struct list_node *pos;
        list_for_each(pos, &mm->vmas)
        {
            struct vma *v = vma_of(pos);
            if (v->start >= end)
                break;
            if (v->end <= addr)
                continue;
            v->prot = pgprot_of(prot);
            struct protect_args a = {mm, v->prot, (v->flags & VMA_SHARED) != 0};
            pgtable_for_each(mm->pt, v->start, v->end, protect_one, &a);
        }
    }
    mutex_unlock(&mm->lock);
    return err;
}

int mm_discard(struct mm *mm, uint64_t addr, uint64_t len)
{
    if (!IS_ALIGNED(addr, PAGE_SIZE) || addr >= USER_VA_END || len > USER_VA_END - addr)
        return -EINVAL;
    uint64_t end = addr + ALIGN_UP(len, PAGE_SIZE);
    mutex_lock(&mm->lock);
    int err = 0;
    for (struct vma *v = vma_next_from(mm, addr); v && v->start < end;) {
        /* Shared pages must stay (other processes see them). */
        if (!(v->flags & VMA_SHARED))
            vm_release_range(mm, MAX(v->start, addr), MIN(v->end, end));
        struct list_node *n = v->node.next;
        v = n == &mm->vmas ? NULL : vma_of(n);
    }
    mutex_unlock(&mm->lock);
    return err;
}

static struct vma *heap_vma(struct mm *mm)
{
    struct vma *v = vma_find(mm, mm->brk_start);
    return v && (v->flags & VMA_HEAP) ? v : NULL;
}

uint64_t mm_brk(struct mm *mm, uint64_t addr)
{
    mutex_lock(&mm->lock);
    uint64_t ret = mm->brk;
    if (addr < mm->brk_start || addr >= USER_VA_END - (256UL << 20))
        goto out;
    uint64_t old_end = ALIGN_UP(mm->brk, PAGE_SIZE), new_end = ALIGN_UP(addr, PAGE_SIZE);
    struct vma *heap = heap_vma(mm);
    if (new_end > old_end) {
        /* Keep a page between the heap and the next area (Linux checks
         * for a stack guard gap here). */
        struct vma *next = vma_next_from(mm, old_end);
        if (next && next->start < new_end + PAGE_SIZE)
            goto out;
        if (heap)
            heap->end = new_end;
        else if (vma_insert(mm, mm->brk_start, new_end, PGPROT_READ | PGPROT_WRITE, VMA_HEAP))
            goto out;
    } else if (new_end < old_end && heap) {
        vm_release_range(mm, new_end, old_end);
        if (new_end == heap->start) {
            list_remove(&heap->node);
            kfree(heap);
        } else {
            heap->end = new_end;
        }
    }
    mm->brk = ret = addr;
out:
    mutex_unlock(&mm->lock);
    return ret;
}
