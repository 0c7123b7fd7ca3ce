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

extern const char misc_test_elf_start[], misc_test_elf_end[];

static uint64_t span(const char *start, const char *end)
{
    return (uint64_t)(end - start);
}

static long mem_read(void *ctx, void *buf, size_t len, uint64_t off)
{
    UNUSED(ctx);
    uint64_t size = span(misc_test_elf_start, misc_test_elf_end);
    if (off >= size)
        return 0;
    size_t n = MIN(len, size - off);
    memcpy(buf, misc_test_elf_start + off, n);
    return (long)n;
}

static int exec_misc_test(void *arg)
{
    UNUSED(arg);
    struct exec_file f = {span(misc_test_elf_start, misc_test_elf_end), mem_read, NULL};
    static const char *const argv[] = {"misc_test"};
    struct exec_args args = {argv, 1, NULL, 0, "/misc_test", 8UL << 20};
    return exec_elf(&f, &args, "misc_test");
}

KTEST(misc_syscalls_from_user_space)
{
    heap_trim();
    uint64_t before = page_alloc_free_pages();
    uint64_t fired = itimer_fired_count();
    struct task *t = task_spawn_exec("misc-test", current_task(), exec_misc_test, NULL);
    KT_ASSERT(t);
    int status = -1;
    KT_ASSERT(task_wait(t->tgid, &status, false) > 0);
    KT_ASSERT(status == 0);
    /* The one-shot expiry and the first periodic one (not re-armed: the
     * SIGALRM was never dequeued). */
    KT_ASSERT(itimer_fired_count() - fired == 2);
    heap_trim();
    KT_ASSERT(page_alloc_free_pages() == before);
    return KTEST_PASS;
}
