/* User address spaces (include/kernel/mm.h): lifetime, page faults with
 * demand-zero and copy-on-write, and writes on behalf of exec. */
#include <kernel/arch.h>
#include <kernel/file.h>
#include <kernel/heap.h>
#include <kernel/memlayout.h>
#include <kernel/mm.h>
#include <kernel/page_alloc.h>
#include <kernel/string.h>
#include <uapi/errno.h>

#include "vm_internal.h"

/* Stacks grow down into unmapped space below them, but not by more than
 * this in one step (Linux checks against the stack rlimit instead). */
#define STACK_GROW_MAX (8UL << 20)

struct mm *mm_create(void)
{
    struct mm *mm = kzalloc(sizeof(*mm));
    if (!mm)
        return NULL;
    mm->pt = pgtable_create();
    if (!mm->pt) {
        kfree(mm);
        return NULL;
    }
    mutex_init(&mm->lock, "mm");
    mm->refs = 1;
    list_init(&mm->vmas);
    mm->mmap_base = USER_VA_END - (128UL << 20);
    return mm;
}

void mm_get(struct mm *mm)
{
    __atomic_add_fetch(&mm->refs, 1, __ATOMIC_RELAXED);
}

void mm_put(struct mm *mm)
{
    if (__atomic_sub_fetch(&mm->refs, 1, __ATOMIC_ACQ_REL))
        return;
    struct list_node *pos, *tmp;
    list_for_each_safe(pos, tmp, &mm->vmas)
    {
        list_remove(pos);
        kfree(vma_of(pos));
    }
    pgtable_destroy(mm->pt, page_ref_put);
    if (mm->exe_file)
        file_put(mm->exe_file);
    kfree(mm);
}

int mm_add_vma(struct mm *mm, uint64_t start, uint64_t len, unsigned prot, unsigned flags)
{
    if (!len || !IS_ALIGNED(start | len, PAGE_SIZE) || start >= USER_VA_END ||
        len > USER_VA_END - start)
        return -EINVAL;
    mutex_lock(&mm->lock);
    int err = vma_insert(mm, start, start + len, prot, flags);
    mutex_unlock(&mm->lock);
    return err;
}

int vm_map_zero_page(struct mm *mm, uint64_t va, unsigned prot)
{
    void *page = user_page_alloc();
    if (!page)
        return -ENOMEM;
    memset(page, 0, PAGE_SIZE);
    int err = pgtable_map(mm->pt, va, virt_to_phys(page), prot);
    if (err) {
        page_ref_put(virt_to_phys(page));
        return err == -EEXIST ? 0 : err;
    }
    mm->pages++;
    return 0;
}

static int release_one(void *arg, uint64_t va, phys_addr_t pa, unsigned prot)
{
    struct mm *mm = arg;
    UNUSED(prot);
    phys_addr_t mapped;
    if (pgtable_unmap(mm->pt, va, &mapped) == 0) {
        page_ref_put(pa);
        mm->pages--;
    }
    return 0;
}

void vm_release_range(struct mm *mm, uint64_t start, uint64_t end)
{
    pgtable_for_each(mm->pt, start, end, release_one, mm);
}

/* mm->lock held: an access just below a stack area extends it. */
static struct vma *grow_stack(struct mm *mm, uint64_t addr)
{
    struct vma *v = vma_next_from(mm, addr);
    if (!v || !(v->flags & VMA_STACK) || v->start - addr > STACK_GROW_MAX)
        return NULL;
    uint64_t new_start = ALIGN_DOWN(addr, PAGE_SIZE);
    /* Linux keeps a guard gap (stack_guard_gap, 256 pages) to the area
     * below; one page is enough to stop running into it silently. */
    struct vma *below = vma_find(mm, new_start - PAGE_SIZE);
    if (below && below != v)
        return NULL;
    v->start = new_start;
    return v;
}

/* mm->lock held: a write to a read-only mapped page of a writable area.
 * The only user of a page takes it over; others get their own copy. */
static int break_cow(struct mm *mm, struct vma *v, uint64_t va, phys_addr_t pa)
{
    pa &= ~(phys_addr_t)(PAGE_SIZE - 1);
    if ((v->flags & VMA_SHARED) || page_ref_count(pa) == 1)
        return pgtable_protect(mm->pt, va, v->prot);
    void *copy = user_page_alloc();
    if (!copy)
        return -ENOMEM;
    memcpy(copy, phys_to_virt(pa), PAGE_SIZE);
    phys_addr_t old;
    pgtable_unmap(mm->pt, va, &old);
    int err = pgtable_map(mm->pt, va, virt_to_phys(copy), v->prot);
    if (err) { /* only -ENOMEM for a table, and the table exists: keep the old page */
        pgtable_map(mm->pt, va, pa, v->prot & ~PGPROT_WRITE);
        page_ref_put(virt_to_phys(copy));
        return err;
    }
    if (v->prot & PGPROT_EXEC)
        arch_sync_icache(copy, PAGE_SIZE);
    page_ref_put(pa);
    return 0;
}

int mm_fault(struct mm *mm, uint64_t addr, unsigned access)
{
    if (addr >= USER_VA_END)
        return -EFAULT;
    mutex_lock(&mm->lock);
    struct vma *v = vma_find(mm, addr);
    if (!v)
        v = grow_stack(mm, addr);
    int err;
    if (!v)
        err = -EFAULT;
    else if ((access & v->prot) != access)
        err = -EACCES;
    else {
        phys_addr_t pa;
        unsigned prot;
        uint64_t va = ALIGN_DOWN(addr, PAGE_SIZE);
        if (pgtable_lookup(mm->pt, va, &pa, &prot) != 0)
            err = vm_map_zero_page(mm, va, v->prot);
        else if ((access & PGPROT_WRITE) && !(prot & PGPROT_WRITE))
            err = break_cow(mm, v, va, pa);
        else
            err = 0; /* another thread got there first */
    }
    mutex_unlock(&mm->lock);
    return err;
}

int mm_write_bytes(struct mm *mm, uint64_t addr, const void *src, size_t len)
{
    const char *s = src;
    int err = 0;
    mutex_lock(&mm->lock);
    while (len && !err) {
        uint64_t va = ALIGN_DOWN(addr, PAGE_SIZE);
        struct vma *v = vma_find(mm, addr);
        phys_addr_t pa;
        unsigned prot;
        if (!v) {
            err = -EFAULT;
            break;
        }
        if (pgtable_lookup(mm->pt, va, &pa, &prot) != 0) {
            err = vm_map_zero_page(mm, va, v->prot);
            if (err || pgtable_lookup(mm->pt, va, &pa, &prot) != 0)
                break;
        }
        size_t off = addr - va, n = MIN(len, PAGE_SIZE - off);
        char *dst = (char *)phys_to_virt(pa & ~(PAGE_SIZE - 1)) + off;
        memcpy(dst, s, n);
        if (v->prot & PGPROT_EXEC)
            arch_sync_icache(dst, n);
        s += n;
        addr += n;
        len -= n;
    }
    mutex_unlock(&mm->lock);
    return err;
}

void mm_activate(struct mm *mm)
{
    pgtable_activate(mm ? mm->pt : NULL);
}
