/* The misc system calls seen from EL0: tests/kernel/user/misc_test.c runs
 * through exec and exits with its failure count. Also checks that an
 * ITIMER_REAL expiry reached the kernel, and that nothing leaks. */
#include <kernel/clock.h>
#include <kernel/exec.h>
#include <kernel/heap.h>
#include <kernel/ktest.h>
#include <kernel/page_alloc.h>
#include <kernel/string.h>
#include <kernel/task.h>

#include "ktest_elf.h"

extern const char misc_test_elf_start[], misc_test_elf_end[];

KTEST(misc_syscalls_from_user_space)
{
    heap_trim();
    uint64_t before = page_alloc_free_pages();
    uint64_t fired = itimer_fired_count();
    int status = ktest_run_elf("misc_test", misc_test_elf_start, misc_test_elf_end);
    KT_ASSERT(status == 0);
    /* The one-shot expiry and the first periodic one (not re-armed: the
     * SIGALRM was never dequeued). */
    KT_ASSERT(itimer_fired_count() - fired == 2);
    heap_trim();
    KT_ASSERT(page_alloc_free_pages() == before);
    return KTEST_PASS;
}
