/* The only way the kernel touches user memory (DESIGN.md §2): bad
 * pointers give -EFAULT, never a kernel fault. */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include <kernel/pgtable.h>
#include <kernel/types.h>

size_t arch_copy_from_user(void *dst, const void *usrc, size_t n);
size_t arch_copy_to_user(void *udst, const void *src, size_t n);
long arch_strnlen_user(const char *usrc, long max);
size_t arch_clear_user(void *udst, size_t n);

static inline bool user_range_ok(uint64_t addr, size_t n)
{
    return addr < USER_VA_END && n <= USER_VA_END - addr;
}

/* 0 or -EFAULT. */
static inline int copy_from_user(void *dst, uint64_t usrc, size_t n)
{
    if (!user_range_ok(usrc, n))
        return -14;
    return arch_copy_from_user(dst, (const void *)usrc, n) ? -14 : 0;
}

static inline int copy_to_user(uint64_t udst, const void *src, size_t n)
{
    if (!user_range_ok(udst, n))
        return -14;
    return arch_copy_to_user((void *)udst, src, n) ? -14 : 0;
}

/* Zero n bytes of user memory: 0 or -EFAULT. */
static inline int clear_user(uint64_t udst, size_t n)
{
    if (!user_range_ok(udst, n))
        return -14;
    return arch_clear_user((void *)udst, n) ? -14 : 0;
}

/* Copy a NUL-terminated string of at most max-1 chars: its length, or
 * -EFAULT, or -ENAMETOOLONG if no NUL within max bytes. */
long strncpy_from_user(char *dst, uint64_t usrc, long max);

#endif
