/* exec of real ELF files (static and static-PIE) and what the programs
 * then do at EL0: fork with copy-on-write, vfork, wait4, mmap, mprotect,
 * brk (tests/kernel/user/proc_test.c exits with its failure count). Every
 * page comes back after the processes are reaped. */
#include <kernel/exec.h>
#include <kernel/heap.h>
#include <kernel/ktest.h>
#include <kernel/page_alloc.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <uapi/errno.h>

#include "ktest_elf.h"

extern const char proc_test_elf_start[], proc_test_elf_end[];
extern const char proc_test_pie_start[], proc_test_pie_end[];
extern const char oom_test_elf_start[], oom_test_elf_end[];

KTEST(exec_static_elf_fork_cow_mmap_brk)
{
    heap_trim();
    uint64_t before = page_alloc_free_pages();
    int status = ktest_run_elf("proc_test", proc_test_elf_start, proc_test_elf_end);
    KT_ASSERT(status == 0);
    heap_trim();
    KT_ASSERT(page_alloc_free_pages() == before);
    return KTEST_PASS;
}

KTEST(exec_static_pie_elf)
{
    heap_trim();
    uint64_t before = page_alloc_free_pages();
    int status = ktest_run_elf("proc_test", proc_test_pie_start, proc_test_pie_end);
    KT_ASSERT(status == 0);
    heap_trim();
    KT_ASSERT(page_alloc_free_pages() == before);
    return KTEST_PASS;
}

/* Truncated and garbage files are refused before anything changes. */
KTEST(exec_bad_elf_is_enoexec)
{
    static char junk[256] = "\177ELF junk";
    struct ktest_elf image = {junk, sizeof(junk)};
    struct exec_file f = {image.size, ktest_elf_read, &image};
    static const char *const argv[] = {"x"};
    struct exec_args args = {argv, 1, NULL, 0, "x", 8UL << 20};
    KT_ASSERT(exec_elf(&f, &args, "x") == -ENOEXEC);
    image.data = proc_test_elf_start;
    image.size = 100; /* cut inside the program headers */
    f.size = image.size;
    KT_ASSERT(exec_elf(&f, &args, "x") == -ENOEXEC);
    return KTEST_PASS;
}

/* A process that eats all memory is killed; the kernel and its parent go
 * on, and every page comes back. */
KTEST(exec_oom_kills_the_hog)
{
    heap_trim();
    uint64_t before = page_alloc_free_pages();
    int status = ktest_run_elf("oom_test", oom_test_elf_start, oom_test_elf_end);
    KT_ASSERT(status == 0);
    heap_trim();
    KT_ASSERT(page_alloc_free_pages() == before);
    return KTEST_PASS;
}
