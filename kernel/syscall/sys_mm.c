/* brk(2), mmap(2), munmap(2), mprotect(2), madvise(2): argument decoding;
 * the work is in kernel/mm/mmap.c. */
#include <kernel/mm.h>
#include <kernel/task.h>
#include <uapi/errno.h>
#include <uapi/mman.h>

#include "sys_handlers.h"

long sys_brk(long addr, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    return (long)mm_brk(current_task()->mm, (uint64_t)addr);
}

long sys_mmap(long addr, long len, long prot, long flags, long fd, long off)
{
    /* arm64 sys_mmap: the offset is in bytes and must be page aligned. */
    if (off & (long)(PAGE_SIZE - 1))
        return -EINVAL;
    if (!(flags & MAP_ANONYMOUS)) {
        UNUSED(fd);
        return -ENODEV; /* file mappings come with the page cache */
    }
    return mm_mmap_anon(current_task()->mm, (uint64_t)addr, (uint64_t)len, (unsigned)prot,
                        (unsigned)flags);
}

long sys_munmap(long addr, long len, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    return mm_munmap(current_task()->mm, (uint64_t)addr, (uint64_t)len);
}

long sys_mprotect(long addr, long len, long prot, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    return mm_mprotect(current_task()->mm, (uint64_t)addr, (uint64_t)len, (unsigned)prot);
}

long sys_madvise(long addr, long len, long advice, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    if (addr & (long)(PAGE_SIZE - 1))
        return -EINVAL;
    switch (advice) {
    case MADV_DONTNEED:
        return mm_discard(current_task()->mm, (uint64_t)addr, (uint64_t)len);
    case MADV_NORMAL:
    case MADV_RANDOM:
    case MADV_SEQUENTIAL:
    case MADV_WILLNEED:
    case MADV_FREE:
        return 0; /* hints */
    default:
        return -EINVAL;
    }
}
