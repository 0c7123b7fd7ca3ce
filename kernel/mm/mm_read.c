/* Reading another address space from the kernel (Linux access_remote_vm,
 * read-only and without faulting pages in): procfs uses it for
 * /proc/pid/cmdline and environ. */
#include <kernel/memlayout.h>
#include <kernel/mm.h>
#include <kernel/string.h>
#include <uapi/errno.h>

#include "vm_internal.h"

long mm_read_bytes(struct mm *mm, uint64_t addr, void *buf, size_t len)
{
    char *d = buf;
    size_t done = 0;
    mutex_lock(&mm->lock);
    while (done < len) {
        uint64_t va = ALIGN_DOWN(addr, PAGE_SIZE);
        phys_addr_t pa;
        unsigned prot;
        if (!vma_find(mm, addr) || pgtable_lookup(mm->pt, va, &pa, &prot) != 0)
            break; /* unmapped, or never touched: nothing to read there */
        size_t off = addr - va, n = MIN(len - done, PAGE_SIZE - off);
        memcpy(d + done, (char *)phys_to_virt(pa & ~(PAGE_SIZE - 1)) + off, n);
        done += n;
        addr += n;
    }
    mutex_unlock(&mm->lock);
    return done || !len ? (long)done : -EFAULT;
}
