/* User address spaces: a page table plus the list of mapped areas (VMAs).
 * Pages are allocated on first touch (demand-zero) and shared
 * copy-on-write after fork (reference counts in page_alloc.h). Shared by
 * the threads of a process (refcounted); every change happens under
 * mm->lock. */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include <kernel/list.h>
#include <kernel/mutex.h>
#include <kernel/pgtable.h>
#include <kernel/types.h>

/* VMA flags beyond the PGPROT_* protection bits. */
#define VMA_STACK  (1u << 8)  /* grows down on faults just below it */
#define VMA_HEAP   (1u << 9)  /* the brk area */
#define VMA_SHARED (1u << 10) /* MAP_SHARED: fork shares pages, no COW */

struct vma {
    uint64_t start, end;   /* page-aligned, end exclusive */
    unsigned prot;         /* PGPROT_* */
    unsigned flags;        /* VMA_* */
    struct list_node node; /* in mm->vmas, sorted by start */
};

struct mm {
    struct mutex lock; /* guards everything below and the page table */
    int refs;          /* atomic */
    struct pgtable *pt;
    struct list_node vmas;
    uint64_t brk_start, brk; /* program break */
    uint64_t mmap_base;      /* top-down search for mmap starts below this */
    uint64_t pages;          /* resident pages, for accounting */
    /* Set by exec, read by procfs (/proc/pid/stat, cmdline, environ). */
    uint64_t start_code, end_code, start_data, end_data, start_stack;
    uint64_t arg_start, arg_end, env_start, env_end;
    /* The program's file (Linux mm->exe_file, for /proc/pid/exe), a
     * reference set by execve; NULL before. Dropped by the last mm_put. */
    struct file *exe_file;
};

struct file;

struct mm *mm_create(void);
void mm_get(struct mm *mm);
void mm_put(struct mm *mm);

/* A copy of src for fork: the same areas; private writable pages become
 * read-only in both and are copied on the first write; shared ones stay
 * shared. NULL if out of memory. */
struct mm *mm_fork(struct mm *src);

/* Add an area [start, start+len) with prot/flags: 0, -EINVAL (unaligned,
 * empty or outside user space), -EEXIST (overlaps), -ENOMEM. */
int mm_add_vma(struct mm *mm, uint64_t start, uint64_t len, unsigned prot, unsigned flags);

/* Resolve a user fault at addr. access: PGPROT_READ/WRITE/EXEC. Returns 0
 * (mapped now; retry), -EFAULT (no area: SEGV_MAPERR), -EACCES (area
 * forbids it: SEGV_ACCERR) or -ENOMEM. Takes mm->lock. */
int mm_fault(struct mm *mm, uint64_t addr, unsigned access);

/* Copy kernel bytes into the address space, allocating pages as needed
 * regardless of protection (for exec). 0 or -EFAULT/-ENOMEM. */
int mm_write_bytes(struct mm *mm, uint64_t addr, const void *src, size_t len);

/* Copy up to len bytes at addr out of the address space (not the
 * current one necessarily) without faulting pages in: the bytes copied,
 * stopping at the first unmapped or untouched page, or -EFAULT if that is
 * the first. Takes mm->lock (procfs: /proc/pid/cmdline, environ). */
long mm_read_bytes(struct mm *mm, uint64_t addr, void *buf, size_t len);

/* mmap(2) of anonymous memory (flags: MAP_*; the caller has checked the
 * file part): the start address or -errno as Linux gives it. */
long mm_mmap_anon(struct mm *mm, uint64_t addr, uint64_t len, unsigned prot, unsigned flags);
/* munmap(2) and mprotect(2) with Linux's errors. */
int mm_munmap(struct mm *mm, uint64_t addr, uint64_t len);
int mm_mprotect(struct mm *mm, uint64_t addr, uint64_t len, unsigned prot);
/* madvise(MADV_DONTNEED): private pages in the range are dropped (they
 * read back as zero). 0 or -errno. */
int mm_discard(struct mm *mm, uint64_t addr, uint64_t len);
/* brk(2): move the break to addr if possible; returns the break now in
 * effect (Linux returns the old one on failure). */
uint64_t mm_brk(struct mm *mm, uint64_t addr);
/* A free range of len bytes below mm->mmap_base, highest first: its start
 * or 0. mm->lock held. */
uint64_t mm_find_free(struct mm *mm, uint64_t len);

/* Switch this CPU to mm's page table. */
void mm_activate(struct mm *mm);

#endif
