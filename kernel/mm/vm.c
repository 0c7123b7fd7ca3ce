/* User address spaces (include/kernel/mm.h). */
#include <kernel/arch.h>
#include <kernel/heap.h>
#include <kernel/memlayout.h>
#include <kernel/mm.h>
#include <kernel/page_alloc.h>
#include <kernel/string.h>
#include <uapi/errno.h>

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
    return mm;
}

void mm_get(struct mm *mm)
{
    __atomic_add_fetch(&mm->refs, 1, __ATOMIC_RELAXED);
}

static void release_page(phys_addr_t pa)
{
    free_pages(phys_to_virt(pa), 0);
}

void mm_put(struct mm *mm)
{
    if (__atomic_sub_fetch(&mm->refs, 1, __ATOMIC_ACQ_REL))
        return;
    struct list_node *pos, *tmp;
    list_for_each_safe(pos, tmp, &mm->vmas)
    {
        list_remove(pos);
        kfree(list_entry(pos, struct vma, node));
    }
    pgtable_destroy(mm->pt, release_page);
    kfree(mm);
}

/* mm->lock held. */
static struct vma *find_vma(struct mm *mm, uint64_t addr)
{
    struct list_node *pos;
    list_for_each(pos, &mm->vmas)
    {
        struct vma *v = list_entry(pos, struct vma, node);
        if (addr < v->start)
            return NULL;
        if (addr < v->end)
            return v;
    }
    return NULL;
}

/* mm->lock held: the first area at or above addr, for stack growth. */
static struct vma *vma_above(struct mm *mm, uint64_t addr)
{
    struct list_node *pos;
    list_for_each(pos, &mm->vmas)
    {
        struct vma *v = list_entry(pos, struct vma, node);
        if (v->end > addr)
            return v;
    }
    return NULL;
}

static int insert_vma(struct mm *mm, uint64_t start, uint64_t end, unsigned prot, unsigned flags)
{
    struct list_node *pos, *before = &mm->vmas;
    list_for_each(pos, &mm->vmas)
    {
        struct vma *v = list_entry(pos, struct vma, node);
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

int mm_add_vma(struct mm *mm, uint64_t start, uint64_t len, unsigned prot, unsigned flags)
{
    if (!len || !IS_ALIGNED(start | len, PAGE_SIZE) || start >= USER_VA_END ||
        len > USER_VA_END - start)
        return -EINVAL;
    mutex_lock(&mm->lock);
    int err = insert_vma(mm, start, start + len, prot, flags);
    mutex_unlock(&mm->lock);
    return err;
}

/* mm->lock held: back the page at va with a zeroed page. */
static int map_zero_page(struct mm *mm, uint64_t va, unsigned prot)
{
    void *page = alloc_page();
    if (!page)
        return -ENOMEM;
    memset(page, 0, PAGE_SIZE);
    int err = pgtable_map(mm->pt, va, virt_to_phys(page), prot);
    if (err) {
        free_pages(page, 0);
        return err == -EEXIST ? 0 : err; /* another thread mapped it first */
    }
    mm->pages++;
    return 0;
}

/* mm->lock held: an access just below a stack area extends it. */
static struct vma *grow_stack(struct mm *mm, uint64_t addr)
{
    struct vma *v = vma_above(mm, addr);
    if (!v || !(v->flags & VMA_STACK) || v->start - addr > STACK_GROW_MAX)
        return NULL;
    uint64_t new_start = ALIGN_DOWN(addr, PAGE_SIZE);
    struct vma *below = find_vma(mm, new_start);
    if (below)
        return NULL;
    v->start = new_start;
    return v;
}

int mm_fault(struct mm *mm, uint64_t addr, unsigned access)
{
    if (addr >= USER_VA_END)
        return -EFAULT;
    mutex_lock(&mm->lock);
    struct vma *v = find_vma(mm, addr);
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
        err = pgtable_lookup(mm->pt, va, &pa, &prot) == 0 ? 0 : map_zero_page(mm, va, v->prot);
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
        struct vma *v = find_vma(mm, addr);
        phys_addr_t pa;
        unsigned prot;
        if (!v) {
            err = -EFAULT;
            break;
        }
        if (pgtable_lookup(mm->pt, va, &pa, &prot) != 0) {
            err = map_zero_page(mm, va, v->prot);
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
